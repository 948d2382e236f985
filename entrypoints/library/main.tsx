import { i18n } from '#i18n';
import { LibraryApp } from '@/components/library/LibraryApp';
import { readFirstRowsEarly } from '@/components/library/use-search';
import { mountPage } from '@/components/mount-page';

// The first rows are read while the page sets up its language, not after.
readFirstRowsEarly();
mountPage(() => `${i18n.t('library.title')} – ${i18n.t('extName')}`, <LibraryApp />);
