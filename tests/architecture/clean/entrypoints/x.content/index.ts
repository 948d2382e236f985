// A type-only import is erased by the build: the content script's rule does not count it.
import type { InferOutput, StringSchema } from 'valibot';
import { extract } from '../../utils/x/extract';

export const seen: InferOutput<StringSchema<undefined>> = String(extract('a b'));
