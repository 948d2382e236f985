import { i18n } from '#i18n';
import { PopupApp } from '@/components/popup/PopupApp';
import { mountPage } from '@/components/mount-page';

mountPage(() => i18n.t('popup.title'), <PopupApp />);
