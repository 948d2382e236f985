import { i18n } from '#i18n';
import { LibraryApp } from '@/components/library/LibraryApp';
import { mountPage } from '@/components/mount-page';

mountPage(() => `${i18n.t('library.title')} – ${i18n.t('extName')}`, <LibraryApp />);
