import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { getDb, OWNER } from '@/utils/store/db';
import { saveClipping } from '@/utils/store/clippings';
import { ownerAnnotationOf, updateAnnotation } from '@/utils/store/annotations';
import { DEFAULT_SETTINGS, loadSettings } from '@/utils/settings';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from '@/utils/bundle/schema';
import { exportLibrary } from '@/utils/store/export-source';
import { unzipText } from '@/tests/unit/bundles';
import { makeSnapshot } from '@/tests/unit/snapshots';
import { freshPageDb } from '@/tests/unit/page-db';
import { ExportDialog } from './ExportDialog';
import { ImportBundle } from './ImportBundle';
import { agreementOf } from '@/utils/domain/agreement';
import { browser } from 'wxt/browser';
import { CHANGE_FEED_KEY } from '@/utils/messaging/protocol';
import { readChangeFeed } from '@/utils/messaging/change-feed';
import { OtherContributors, agreementText } from './OtherContributors';

// The Word document, as the export writes it where no worker starts (happy-dom has none): held back by
// a test that looks at the export while it finishes, and written as usual otherwise.
const wordDocument = vi.hoisted(() => ({ gate: null as Promise<void> | null }));
vi.mock('@/utils/bundle/docx', async (original) => {
  const actual = await original<typeof import('@/utils/bundle/docx')>();
  return {
    ...actual,
    buildGuideHere: async (...args: Parameters<typeof actual.buildGuideHere>) => {
      await wordDocument.gate;
      return actual.buildGuideHere(...args);
    },
  };
});

/**
 * The bundle dialogs as a user meets them: the export asks for a name when Options has none and
 * keeps what was typed; the import says what will happen before anything changes, and a bad file
 * gets an alert and changes nothing; other contributors' verdicts show under their names.
 */
const id = (n: number) => String(1846200000000000000n + BigInt(n));

// happy-dom has no modal dialogs: the native <dialog>'s showModal and close are enough as attributes.
beforeEach(async () => {
  await freshPageDb();
  const proto = HTMLDialogElement.prototype as unknown as Record<string, unknown>;
  proto.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  proto.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
  // Blob URLs and the click on the download link: count downloads, fetch nothing.
  URL.createObjectURL = vi.fn(() => 'blob:test') as typeof URL.createObjectURL;
  URL.revokeObjectURL = vi.fn();
});
afterEach(cleanup);

function file(name: string, content: string | Uint8Array): File {
  return new File([content as BlobPart], name);
}

async function choose(f: File) {
  const input = screen.getByLabelText('Import bundle') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [f], configurable: true });
  fireEvent.change(input);
}

describe('ExportDialog', () => {
  it('asks for a name when Options has none, says how to fix it, keeps it, then downloads', async () => {
    await saveClipping(getDb(), makeSnapshot({ postId: id(1) }), 1000);
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(<ExportDialog settings={DEFAULT_SETTINGS} total={1} shownIds={[id(1)]} selectedIds={[]} onClose={() => {}} />);
    const dialog = screen.getByRole('dialog', { name: 'Export bundle' });
    expect((within(dialog).getByRole('checkbox', { name: 'Anonymise members of the public' }) as HTMLInputElement).checked).toBe(true);
    expect((within(dialog).getByRole('checkbox', { name: 'Include images' }) as HTMLInputElement).checked).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Download bundle' }));
    await within(dialog).findByText('Enter your name, so the editors know whose clippings these are');
    expect(click).not.toHaveBeenCalled();
    fireEvent.input(within(dialog).getByRole('textbox', { name: 'Your name' }), { target: { value: 'Sam Jones' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Download bundle' }));
    await within(dialog).findByText(/^Bundle downloaded: lga-guide-clippings-sam-jones-\d{4}-\d{2}-\d{2}\.zip, with 1 clipping$/, {}, { timeout: 10_000 });
    expect(click).toHaveBeenCalledTimes(1);
    expect((await loadSettings()).contributorName).toBe('Sam Jones');
  });

  it('says it is finishing the bundle once every clipping is written, until the download', async () => {
    await saveClipping(getDb(), makeSnapshot({ postId: id(1) }), 1000);
    await saveClipping(getDb(), makeSnapshot({ postId: id(2) }), 2000);
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    let release = () => {};
    wordDocument.gate = new Promise((r) => (release = r));
    try {
      render(<ExportDialog settings={{ ...DEFAULT_SETTINGS, contributorName: 'Sam' }} total={2} shownIds={[id(1), id(2)]} selectedIds={[]} onClose={() => {}} />);
      const dialog = screen.getByRole('dialog', { name: 'Export bundle' });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Download bundle' }));
      await within(dialog).findByText('Finishing the bundle: the Word document and the zip file', {}, { timeout: 10_000 });
      // Still working, with nothing left to count: a bar with no value, and no download yet.
      expect(within(dialog).getByRole('progressbar', { name: 'Export progress' }).hasAttribute('value')).toBe(false);
      expect(dialog.textContent).not.toContain('Exporting 2 of 2');
      expect(click).not.toHaveBeenCalled();
      release();
      await within(dialog).findByText(/^Bundle downloaded: .*, with 2 clippings$/, {}, { timeout: 10_000 });
      expect(click).toHaveBeenCalledTimes(1);
      expect(within(dialog).queryByRole('progressbar')).toBeNull();
    } finally {
      release();
      wordDocument.gate = null;
    }
  });

  it('says so when "selected" is chosen with nothing selected, and downloads nothing', async () => {
    await saveClipping(getDb(), makeSnapshot({ postId: id(1) }), 1000);
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(<ExportDialog settings={{ ...DEFAULT_SETTINGS, contributorName: 'Sam' }} total={1} shownIds={[id(1)]} selectedIds={[]} onClose={() => {}} />);
    fireEvent.click(screen.getByRole('radio', { name: 'The clippings you selected (none yet)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Download bundle' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Select at least one clipping');
    expect(click).not.toHaveBeenCalled();
  });
});

describe('ImportBundle', () => {
  async function aBundleFrom(name: string, verdict: 'do' | 'dont') {
    const db = getDb();
    await saveClipping(db, makeSnapshot({ postId: id(1) }), 1000);
    await updateAnnotation(db, id(1), { verdict, lesson: `${name} says so` });
    const { bytes } = await exportLibrary(db, { scope: { kind: 'all' }, anonymise: true, includeImages: false, contributor: { name, organisation: 'Westvale' } });
    await freshPageDb();
    return bytes;
  }

  it('says what will happen, imports only when asked, and shows the other verdict under its name', async () => {
    const bytes = await aBundleFrom('Ann Editor', 'do');
    render(<ImportBundle />);
    await choose(file('ann.zip', bytes));
    const dialog = await screen.findByRole('dialog', { name: 'Import bundle' });
    expect(dialog.textContent).toContain('1 new clipping');
    expect(dialog.textContent).toContain('Ann Editor (Westvale): 1 annotation');
    expect(await getDb().clippings.count()).toBe(0); // nothing changes before the press
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import 1 clipping' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Imported the bundle from Ann Editor (Westvale)'));
    expect(await getDb().clippings.count()).toBe(1);
    expect((await ownerAnnotationOf(getDb(), id(1)))?.verdict).toBe('undecided');
    // No record of it: the owner's blank annotation is not written for an imported clipping.
    expect(await getDb().annotations.get([id(1), OWNER])).toBeUndefined();

    // The owner's verdict counts as undecided with no annotation of theirs stored, as a stored blank one would.
    render(<OtherContributors postId={id(1)} />);
    expect((await screen.findByRole('region', { name: 'Other contributors' })).textContent).toContain('Verdicts: 1 do, 1 undecided');

    cleanup();
    await updateAnnotation(getDb(), id(1), { verdict: 'dont' });
    render(<OtherContributors postId={id(1)} />);
    const others = await screen.findByRole('region', { name: 'Other contributors' });
    expect(others.textContent).toContain('Ann Editor (Westvale)');
    expect(others.textContent).toContain('Ann Editor says so');
    expect(others.textContent).toContain("Verdicts: 1 do, 1 don't");
    expect(others.textContent).toContain('Contributors disagree');
  });

  it('tells open X tabs through the change feed that the imported posts are saved', async () => {
    const bytes = await aBundleFrom('Ann Editor', 'do');
    await browser.storage.local.remove(CHANGE_FEED_KEY);
    render(<ImportBundle />);
    await choose(file('ann.zip', bytes));
    const dialog = await screen.findByRole('dialog', { name: 'Import bundle' });
    expect((await browser.storage.local.get(CHANGE_FEED_KEY))[CHANGE_FEED_KEY]).toBeUndefined(); // nothing before the press
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import 1 clipping' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Imported the bundle from Ann Editor (Westvale)'));
    expect(readChangeFeed((await browser.storage.local.get(CHANGE_FEED_KEY))[CHANGE_FEED_KEY])).toEqual([{ postId: id(1), saved: true }]);
    expect(await getDb().outbox.count()).toBe(0); // announced, so no longer waiting
  });

  it('on a full disk, says storage is full and what to do, and changes nothing', async () => {
    const bytes = await aBundleFrom('Ann Editor', 'do');
    render(<ImportBundle />);
    await choose(file('ann.zip', bytes));
    const dialog = await screen.findByRole('dialog', { name: 'Import bundle' });
    // Every write fails from here as on a full disk.
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(full);
    const add = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(full);
    try {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Import 1 clipping' }));
      const alert = await screen.findByRole('alert');
      expect(alert.textContent).toContain('browser storage is full');
      expect(alert.textContent).toContain('Your library is unchanged');
      expect(alert.textContent).not.toContain('QuotaExceededError');
    } finally {
      put.mockRestore();
      add.mockRestore();
    }
    expect(await getDb().clippings.count()).toBe(0);
  });

  it('when the import\'s worker breaks part way, says the import stopped and to choose the file again', async () => {
    // A stand-in for the import's worker: it plans as the worker would, then breaks while it writes.
    class Breaking {
      onmessage: ((e: MessageEvent) => void) | null = null;
      onerror: ((e: Event) => void) | null = null;
      onmessageerror: (() => void) | null = null;
      postMessage(data: { type: string }) {
        setTimeout(() => {
          if (data.type === 'open') {
            const plan = { newClippings: 1, existingClippings: 0, contributors: [], annotationsToAdd: 1, annotationsToUpdate: 0, nothingToDo: false };
            this.onmessage?.(new MessageEvent('message', { data: { type: 'opened', ok: true, summary: { contributor: { name: 'Ann Editor', organisation: 'Westvale' }, exportedAt: '2026-11-21T09:00:00.000Z', clippings: 1 }, plan } }));
          } else if (data.type === 'apply') this.onerror?.(new Event('error', { cancelable: true }));
        }, 0);
      }
      terminate() {}
    }
    vi.stubGlobal('Worker', Breaking);
    try {
      render(<ImportBundle />);
      await choose(file('ann.zip', await aBundleFrom('Ann Editor', 'do')));
      const dialog = await screen.findByRole('dialog', { name: 'Import bundle' });
      expect(dialog.textContent).toContain('Ann Editor (Westvale)');
      fireEvent.click(within(dialog).getByRole('button', { name: 'Import 1 clipping' }));
      const alert = await screen.findByRole('alert');
      expect(alert.textContent).toBe('The import stopped before it finished. Your library is unchanged; choose the file again to import it');
      expect(screen.queryByRole('dialog')).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(await getDb().clippings.count()).toBe(0);
  });

  it('while the file is still being read, "Cancel import" gives up on it and ends its worker', async () => {
    // A stand-in for the import's worker that is slow to read: it never answers.
    const ended: boolean[] = [];
    const asked: string[] = [];
    class Slow {
      onmessage: ((e: MessageEvent) => void) | null = null;
      onerror: ((e: Event) => void) | null = null;
      onmessageerror: (() => void) | null = null;
      postMessage(data: { type: string }) {
        asked.push(data.type);
      }
      terminate() {
        ended.push(true);
      }
    }
    vi.stubGlobal('Worker', Slow);
    try {
      render(<ImportBundle />);
      await choose(file('ann.zip', await aBundleFrom('Ann Editor', 'do')));
      expect(await screen.findByText('Reading the bundle')).toBeTruthy();
      await waitFor(() => expect(asked).toEqual(['open'])); // the worker has the file
      fireEvent.click(screen.getByRole('button', { name: 'Cancel import' }));
      await waitFor(() => expect(screen.queryByText('Reading the bundle')).toBeNull());
      expect(screen.queryByRole('button', { name: 'Cancel import' })).toBeNull();
      expect(screen.queryByRole('dialog')).toBeNull();
      expect(screen.queryByRole('alert')).toBeNull();
      expect(ended).toEqual([true]);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(await getDb().clippings.count()).toBe(0);
  });

  it('shows how far the import has got while it writes', async () => {
    const bytes = await aBundleFrom('Ann Editor', 'do');
    render(<ImportBundle />);
    await choose(file('ann.zip', bytes));
    const dialog = await screen.findByRole('dialog', { name: 'Import bundle' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import 1 clipping' }));
    const progress = within(dialog).getByRole('progressbar', { name: 'Import progress' });
    expect(progress.getAttribute('max')).toBe('1');
    expect(dialog.textContent).toMatch(/Importing [01] of 1 clippings/);
    expect((within(dialog).getByRole('button', { name: 'Import 1 clipping' }) as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Imported the bundle from Ann Editor (Westvale)'));
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  for (const how of ['the Cancel button', 'Escape'] as const) {
    it(`stops an import when asked with ${how}: says so, and the library is unchanged`, async () => {
      const bytes = await aBundleFrom('Ann Editor', 'do');
      render(<ImportBundle />);
      await choose(file('ann.zip', bytes));
      const dialog = await screen.findByRole('dialog', { name: 'Import bundle' });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Import 1 clipping' }));
      if (how === 'Escape') dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
      else fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
      await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Import stopped. Your library is unchanged'));
      expect(screen.queryByRole('dialog')).toBeNull();
      expect(screen.queryByRole('alert')).toBeNull();
      expect(await getDb().clippings.count()).toBe(0);
      expect(await getDb().annotations.count()).toBe(0);
    });
  }

  it('gives a bad file an alert that says what to do, and changes nothing', async () => {
    render(<ImportBundle />);
    await choose(file('notes.json', 'not json at all'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Choose the zip file/);
    await choose(file('newer.json', JSON.stringify({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION + 1 })));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('newer version of the extension: update it'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await getDb().clippings.count()).toBe(0);
  });
});

describe('agreement', () => {
  it('counts every verdict and calls a do beside a don\'t a disagreement', () => {
    const a = agreementOf([{ verdict: 'do' }, { verdict: 'do' }, { verdict: 'do' }, { verdict: 'dont' }, { verdict: 'undecided' }]);
    expect(a).toEqual({ do: 3, dont: 1, undecided: 1, disagreement: true });
    expect(agreementText(a)).toBe("3 do, 1 don't, 1 undecided");
    expect(agreementOf([{ verdict: 'do' }, { verdict: 'undecided' }]).disagreement).toBe(false);
  });
});
