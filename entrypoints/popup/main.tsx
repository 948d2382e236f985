import { render } from 'preact';
import { i18n } from '#i18n';
import { PopupApp } from '@/components/popup/PopupApp';
import '@/components/pages.css';
import { uiLocale } from '@/utils/format';

document.documentElement.lang = uiLocale();
document.title = i18n.t('popup.title');
render(<PopupApp />, document.getElementById('app')!);
