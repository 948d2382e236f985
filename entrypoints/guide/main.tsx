import { i18n } from '#i18n';
import { GuideApp } from '@/components/guide/GuideApp';
import { mountPage } from '@/components/mount-page';

mountPage(() => `${i18n.t('guide.title')} – ${i18n.t('extName')}`, <GuideApp />);
