import { checkRecord } from '../utils/x/data/check';

export const check = checkRecord;
