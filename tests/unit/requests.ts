import type { RequestOf, RequestType } from '@/utils/messaging/requests';
import { makeSnapshot } from './snapshots';

/** One valid request of every type: a new request must add one here (the type says so). */
export const SAMPLE_REQUESTS: { [T in RequestType]: RequestOf<T> } = {
  clip: { type: 'clip', snapshot: makeSnapshot() },
  unclip: { type: 'unclip', postId: '1846200000000000001' },
  restore: { type: 'restore', postId: '1846200000000000001' },
  savedState: { type: 'savedState', postIds: ['1846200000000000001'] },
  savedFilter: { type: 'savedFilter' },
  pageHealth: { type: 'pageHealth', unreadable: 1, readable: 4 },
  localeMessages: { type: 'localeMessages', locale: 'cy' },
  saveAnnotationText: { type: 'saveAnnotationText', postId: '1846200000000000001', field: 'lesson', text: 'Say it first', replaces: '', editedAt: 1000 },
  keepAwake: { type: 'keepAwake' },
};
