import * as v from 'valibot';

export const checkRecord = v.object({ id: v.pipe(v.string(), v.regex(/^\d+$/)) });
