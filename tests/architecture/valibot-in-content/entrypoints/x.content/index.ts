import { PostId } from '../../utils/messaging/schema';

export const schema = PostId;
