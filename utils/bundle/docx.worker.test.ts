import { afterEach, describe, expect, it, vi } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import type { DocxWorkerReply, DocxWorkerRequest } from './docx.worker';
import type { GuideEntry, GuideOptions } from './docx-build';
import { ENTRIES_PER_MESSAGE, docxInWorker } from './docx-worker-client';
import { workerScript } from '@/tests/unit/worker-script';

const worker = () => workerScript<DocxWorkerRequest, DocxWorkerReply>(() => import('./docx.worker'));

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  self.onmessage = null;
});

const labels = { noTheme: 'No theme', contents: 'Contents', sections: { do: 'Do', dont: "Don't", undecided: 'Not yet decided' }, viewPost: 'View post on X', imageNoAlt: 'Image with no alt text' };
const options: GuideOptions = { title: 'Draft', subtitle: 'Sub', themes: [{ id: 'tone', name: 'Tone' }], labels };

function entry(n: number): GuideEntry {
  return { postId: String(n), author: 'Example Borough Council (@ExampleBoroughCncl)', text: `Example number ${n}`, posted: 'Posted 9 October 2014', permalink: `https://x.com/i/status/${n}`, media: [], section: 'do', themes: ['tone'], agreement: '1 do', judgements: [] };
}

const documentText = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!);

describe('docx.worker', () => {
  it('writes every example it was sent, whatever the parts they came in, and starts afresh for the next document', async () => {
    const { send, replies } = await worker();
    send({ type: 'entries', entries: [entry(1), entry(2)] });
    send({ type: 'entries', entries: [entry(3)] });
    send({ type: 'build', options });
    await vi.waitFor(() => expect(replies).toHaveLength(1));
    const first = replies[0]!;
    if (!first.ok) throw new Error(first.message);
    const text = documentText(first.bytes);
    for (const n of [1, 2, 3]) expect(text).toContain(`Example number ${n}`);

    send({ type: 'entries', entries: [entry(4)] });
    send({ type: 'build', options });
    await vi.waitFor(() => expect(replies).toHaveLength(2));
    const second = replies[1]!;
    if (!second.ok) throw new Error(second.message);
    expect(documentText(second.bytes)).toContain('Example number 4');
    expect(documentText(second.bytes)).not.toContain('Example number 1<');
  });
});

describe('docxInWorker', () => {
  it('sends the examples a part at a time, each part in a task of its own, then asks for the document', async () => {
    const sent: DocxWorkerRequest[] = [];
    vi.stubGlobal(
      'Worker',
      class {
        onmessage: ((event: MessageEvent) => void) | null = null;
        onerror: ((event: ErrorEvent) => void) | null = null;
        postMessage(request: DocxWorkerRequest) {
          sent.push(request);
          if (request.type === 'build') setTimeout(() => this.onmessage?.(new MessageEvent('message', { data: { ok: true, bytes: new Uint8Array([1]) } })), 0);
        }
        terminate() {}
      },
    );
    const entries = Array.from({ length: 2 * ENTRIES_PER_MESSAGE + 1 }, (_, i) => entry(i));
    const written = docxInWorker('docx.js')(entries, options);
    // In the caller's task, the first part alone; the rest wait for tasks of their own, not for promises.
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(sent).toHaveLength(1);
    expect([...(await written)]).toEqual([1]);
    const parts = sent.filter((r): r is Extract<DocxWorkerRequest, { type: 'entries' }> => r.type === 'entries');
    expect(parts.map((p) => p.entries.length)).toEqual([ENTRIES_PER_MESSAGE, ENTRIES_PER_MESSAGE, 1]);
    expect(parts.flatMap((p) => p.entries.map((e) => e.postId))).toEqual(entries.map((e) => e.postId));
    expect(sent.at(-1)).toEqual({ type: 'build', options });
  });

  it('fails as the worker does, even when it fails while the examples are still being sent', async () => {
    vi.stubGlobal(
      'Worker',
      class {
        onmessage: ((event: MessageEvent) => void) | null = null;
        onerror: ((event: ErrorEvent) => void) | null = null;
        constructor() {
          setTimeout(() => this.onerror?.(new ErrorEvent('error', { message: 'no worker here' })), 0);
        }
        postMessage() {}
        terminate() {}
      },
    );
    const entries = Array.from({ length: 3 * ENTRIES_PER_MESSAGE }, (_, i) => entry(i));
    await expect(docxInWorker('docx.js')(entries, options)).rejects.toThrow('no worker here');
  });
});
