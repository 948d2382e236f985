import { words } from '../domain/words';

export const extract = (text: string): number => words(text).length;
