import { useState, type MutableRef } from 'preact/hooks';
import { sendRequest } from '@/utils/messaging/client';
import type { FocusTarget } from './use-pending-focus';

/**
 * Removing clippings from the library, with Undo. Removals and restores go through the background,
 * so open X tabs hear of them. After a removal focus goes to the Undo button, which stands where the
 * user was; after an Undo, to the clipping brought back.
 */
export function useRemoval(ids: readonly string[], pendingFocus: MutableRef<FocusTarget | null>) {
  const [removed, setRemoved] = useState<string[]>([]);

  async function remove(postId: string) {
    const index = ids.indexOf(postId);
    const reply = await sendRequest<'unclip'>({ type: 'unclip', postId });
    if (!reply.ok) return;
    setRemoved((r) => [...r, postId]);
    pendingFocus.current = index >= 0 ? 'undo' : null;
  }

  async function undo() {
    const postId = removed[removed.length - 1];
    if (!postId) return;
    const reply = await sendRequest<'restore'>({ type: 'restore', postId });
    if (!reply.ok) return;
    setRemoved((r) => r.slice(0, -1));
    pendingFocus.current = postId;
  }

  return { removed, remove, undo };
}
