import * as v from 'valibot';
import { toJsonSchema } from '@valibot/to-json-schema';
import { MAX_CAPTURES } from '@/utils/domain/records';
import { MAX_VERSIONS } from '@/utils/domain/text-versions';
import { MAX_TEXT } from '@/utils/snapshot-limits';
import { AUTHOR_TYPES, KINDS, PERMISSIONS, VERDICTS } from '@/utils/domain/vocabulary';
import { CountsSchema, PostIdSchema, PostSnapshotSchema } from '@/utils/snapshot';

/**
 * The clippings bundle: the one file format a contributor sends to the guide's editors and an editor
 * imports. This schema is the single definition: the type is inferred from it, import validates
 * against it, and `bundleJsonSchema()` generates the JSON Schema the zip carries (bundle.schema.json)
 * and docs/bundle.schema.json. See docs/bundle-format.md.
 *
 * Version policy: `version` grows by one whenever a reader of the previous version could misread a
 * bundle; optional fields may be added without a new version. A reader refuses bundles of a newer
 * version (the user is told to update the extension).
 */

export const BUNDLE_FORMAT = 'lga-guide-clippings';
export const BUNDLE_VERSION = 2;
/**
 * Versions this reader takes. Version 2 added `forGuide` to annotations: a version 1 reader would
 * drop it unseen, so a version 2 bundle is refused there (update the extension). A version 1 bundle
 * reads as version 2 without it: nothing picked for the guide.
 */
export const BUNDLE_VERSIONS_READ = [1, 2] as const;

/** Limits: far above real use (a chat of 800 posts; a library of 10,000), low enough to refuse junk. */
export const BUNDLE_LIMITS = {
  clippings: 100_000,
  annotationsPerClipping: 500,
  themes: 1_000,
  themesPerAnnotation: 100,
  name: 200,
  lesson: 10_000,
  note: 100_000,
  mediaPerClipping: 100,
} as const;

const isoTime = v.pipe(v.string(), v.maxLength(40), v.isoTimestamp());
const name = v.pipe(v.string(), v.minLength(1, 'a name is needed'), v.maxLength(BUNDLE_LIMITS.name));
const organisation = v.pipe(v.string(), v.maxLength(BUNDLE_LIMITS.name));
export const ThemeIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_:-]{1,100}$/, 'a theme id is letters, digits, _, : and -'));

export const BundleContributorSchema = v.object({ name, organisation });

export const BundleThemeSchema = v.object({
  id: ThemeIdSchema,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(BUNDLE_LIMITS.name)),
});

export const BundleAnnotationSchema = v.object({
  contributor: BundleContributorSchema,
  verdict: v.picklist(VERDICTS),
  kind: v.nullable(v.picklist(KINDS)),
  themes: v.pipe(v.array(ThemeIdSchema), v.maxLength(BUNDLE_LIMITS.themesPerAnnotation)),
  lesson: v.pipe(v.string(), v.maxLength(BUNDLE_LIMITS.lesson)),
  note: v.pipe(v.string(), v.maxLength(BUNDLE_LIMITS.note)),
  authorType: v.picklist(AUTHOR_TYPES),
  permission: v.picklist(PERMISSIONS),
  /** (v2) The contributor picked the post for the guide. Absent: not picked. */
  forGuide: v.optional(v.boolean()),
  updatedAt: isoTime,
});

export const BundleCaptureSchema = v.object({
  capturedAt: isoTime,
  pageUrl: v.pipe(v.string(), v.maxLength(4_096)),
  counts: CountsSchema,
});

/** A text the post had before an edit, with when it was captured. */
export const BundleTextVersionSchema = v.object({
  text: v.pipe(v.string(), v.maxLength(MAX_TEXT)),
  capturedAt: isoTime,
  /** X showed "Show more": only the start of the text was captured. */
  truncated: v.optional(v.boolean()),
});

/** An image of the post saved in the zip's media/ folder. */
export const BundleMediaFileSchema = v.object({
  /** Where the image was on X's media CDN. */
  url: v.pipe(v.string(), v.maxLength(4_096)),
  /** Its path in the zip, e.g. media/1846200000000000001-1.jpg. */
  path: v.pipe(v.string(), v.regex(/^media\/[A-Za-z0-9_.-]{1,120}$/, 'a media path is media/ and a plain file name')),
});

export const BundleClippingSchema = v.object({
  postId: PostIdSchema,
  snapshot: PostSnapshotSchema,
  clippedAt: isoTime,
  captures: v.optional(v.pipe(v.array(BundleCaptureSchema), v.maxLength(MAX_CAPTURES))),
  /** Texts the post had before an edit, oldest first (absent when it was never seen edited). */
  versions: v.optional(v.pipe(v.array(BundleTextVersionSchema), v.maxLength(MAX_VERSIONS))),
  annotations: v.pipe(v.array(BundleAnnotationSchema), v.maxLength(BUNDLE_LIMITS.annotationsPerClipping)),
  /** True when the author was anonymised in this bundle (a member of the public, or not set). */
  anonymised: v.optional(v.boolean()),
  /** Images saved in the zip (only when the bundle was exported with images). */
  mediaFiles: v.optional(v.pipe(v.array(BundleMediaFileSchema), v.maxLength(BUNDLE_LIMITS.mediaPerClipping))),
});

export const BundleSchema = v.object({
  format: v.literal(BUNDLE_FORMAT),
  version: v.union(BUNDLE_VERSIONS_READ.map((n) => v.literal(n))),
  exportedAt: isoTime,
  /** Who exported the bundle, as named in their options at export time. */
  contributor: BundleContributorSchema,
  /** The exporting library's themes, in its order, with their names. */
  themes: v.pipe(v.array(BundleThemeSchema), v.maxLength(BUNDLE_LIMITS.themes)),
  clippings: v.pipe(v.array(BundleClippingSchema), v.maxLength(BUNDLE_LIMITS.clippings)),
  /** True when members of the public were anonymised. */
  anonymised: v.optional(v.boolean()),
  /** Images that could not be saved (their URLs), when exported with images. */
  missingImages: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(4_096))), v.maxLength(100_000))),
});

export type Bundle = v.InferOutput<typeof BundleSchema>;
export type BundleClipping = v.InferOutput<typeof BundleClippingSchema>;
export type BundleAnnotation = v.InferOutput<typeof BundleAnnotationSchema>;
export type BundleContributor = v.InferOutput<typeof BundleContributorSchema>;
export type BundleTheme = v.InferOutput<typeof BundleThemeSchema>;

/** The JSON Schema of bundle.json, generated from BundleSchema (the zip carries it as bundle.schema.json). */
export function bundleJsonSchema(): object {
  const schema = toJsonSchema(BundleSchema, { target: 'draft-07', errorMode: 'throw' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'LGA Guide Clipper clippings bundle (bundle.json), version 1',
    description: 'A contributor\'s clippings of posts on X with their annotations, for the LGA guide\'s editors. See docs/bundle-format.md.',
    ...schema,
  };
}
