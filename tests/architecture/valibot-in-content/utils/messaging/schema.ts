import * as v from 'valibot';

export const PostId = v.pipe(v.string(), v.regex(/^\d+$/));
