import { i18n } from '#i18n';
import { AUTHOR_TYPES, KINDS, PERMISSIONS, VERDICTS, type AuthorType, type Kind, type Permission, type Verdict } from '@/utils/store/db';
import type { Option } from '../ui/fields';

/** The words for each stored value, in the UI's language. */
export const verdictLabel = (v: Verdict) => i18n.t(`verdict.${v}`);
export const kindLabel = (k: Kind) => i18n.t(`kind.${k}`);
export const authorTypeLabel = (a: AuthorType) => i18n.t(`authorType.${a}`);
export const permissionLabel = (p: Permission) => i18n.t(`permission.${p}`);

export const verdictOptions = (): Option<Verdict>[] => VERDICTS.map((value) => ({ value, label: verdictLabel(value) }));
export const kindOptions = (): Option<Kind>[] => KINDS.map((value) => ({ value, label: kindLabel(value) }));
export const authorTypeOptions = (): Option<AuthorType>[] => AUTHOR_TYPES.map((value) => ({ value, label: authorTypeLabel(value) }));
export const permissionOptions = (): Option<Permission>[] => PERMISSIONS.map((value) => ({ value, label: permissionLabel(value) }));

export { builtInThemeName } from '@/utils/i18n/theme-names';
