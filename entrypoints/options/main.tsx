import { i18n } from '#i18n';
import { OptionsApp } from '@/components/options/OptionsApp';
import { mountPage } from '@/components/mount-page';

mountPage(() => `${i18n.t('options.title')} – ${i18n.t('extName')}`, <OptionsApp />);
