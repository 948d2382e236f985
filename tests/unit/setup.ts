import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { installI18n } from './i18n';

beforeEach(() => {
  fakeBrowser.reset();
  installI18n();
});
