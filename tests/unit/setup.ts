import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { configure } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { installI18n } from './i18n';

// waitFor and findBy* wait up to 5 s (testing-library's default is 1 s): a guard against a hung
// page, not a speed check. On a loaded 2-core machine a live query's answer can take over a second.
configure({ asyncUtilTimeout: 5_000 });

beforeEach(() => {
  fakeBrowser.reset();
  installI18n();
});
