// The studio's way to the author's files: reading what they open, pick or drop, and writing
// into a folder opened with the File System Access API. wasm-bindgen copies this module
// beside the studio's glue (pkg/snippets); src/studio/files.rs is its only caller.
//
// Every reader resolves to { files: [{ path, bytes }], other, unreadable: [{ path, reason }] }:
// the drills (.md) and the settings (settings.yml) with their bytes and paths relative to what was opened, `/` between
// folders; how many other files were left out; and the files that could not be read. Nothing
// here throws for one bad file; the author hears about it instead.

// A drill is a few kilobytes; the checker refuses anything over 256 KiB without parsing it.
// Past this, a file is not read into memory at all.
const READ_LIMIT = 4 * 1024 * 1024;
// Files read at once: enough to keep the disk busy, few enough not to hold thousands of
// reads open.
const AT_ONCE = 16;

// The drills, and the library's trust settings (settings.yml, and settings.cy.yml for the Welsh
// drills), which fill their {{names}}.
const isDrill = (name) => name.toLowerCase().endsWith('.md') || /^settings(\.[a-z]{2,3})?\.yml$/.test(name);
// Hidden folders (.git, .vscode) are an editor's or version control's, never drills.
const isHidden = (name) => name.startsWith('.');

// Why reading or writing failed: a refusal the studio says in its own words (by name, read in
// files.rs and state.rs), else the browser's own message.
function reason(error) {
  if (error && (error.name === 'NotAllowedError' || error.name === 'NotFoundError')) return error.name;
  return (error && error.message) || String(error ?? '');
}

// Reads `found` ([{ path, file }] or [{ path, handle }]) into the common result.
async function readAll(found, other, unreadable) {
  const files = [];
  let next = 0;
  const worker = async () => {
    while (next < found.length) {
      const { path, file, handle } = found[next++];
      try {
        const blob = file ?? (await handle.getFile());
        if (blob.size > READ_LIMIT) {
          const mb = (blob.size / (1024 * 1024)).toFixed(1);
          unreadable.push({ path, reason: `it is ${mb} MB, far too large to be a drill` });
          continue;
        }
        files.push({ path, bytes: new Uint8Array(await blob.arrayBuffer()) });
      } catch (error) {
        unreadable.push({ path, reason: reason(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, found.length) }, worker));
  return { files, other, unreadable };
}

// Files from an <input type=file>, `multiple` or `webkitdirectory`. A folder's files carry
// `webkitRelativePath` ("content/phishing/a.md"): the opened folder's own name is dropped.
export async function readPicked(list) {
  const found = [];
  let other = 0;
  for (const file of Array.from(list ?? [])) {
    const relative = file.webkitRelativePath || file.name;
    const parts = relative.split('/');
    if (file.webkitRelativePath) parts.shift();
    if (parts.slice(0, -1).some(isHidden)) continue;
    if (isDrill(file.name)) found.push({ path: parts.join('/'), file });
    else other++;
  }
  return readAll(found, other, []);
}

// What was dropped on the page: files, or folders (walked through the entries API). Takes
// the entries at once, before the first await: a DataTransfer empties when its event ends.
export async function readDropped(transfer) {
  const entries = Array.from(transfer?.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter(Boolean);
  // Without entries (an older browser, or a drop made by a script), the files alone.
  if (entries.length === 0) return readPicked(transfer?.files);
  const found = [];
  const unreadable = [];
  let other = 0;
  // One folder dropped alone is like opening it: paths are relative to it.
  const single = entries.length === 1 && entries[0].isDirectory;
  const walk = async (entry, prefix) => {
    if (entry.isFile) {
      if (!isDrill(entry.name)) {
        other++;
        return;
      }
      const path = prefix + entry.name;
      try {
        const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
        found.push({ path, file });
      } catch (error) {
        unreadable.push({ path, reason: reason(error) });
      }
      return;
    }
    if (isHidden(entry.name)) return;
    const reader = entry.createReader();
    const inside = prefix + entry.name + '/';
    try {
      // readEntries gives a batch at a time, until an empty one.
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child, inside);
      }
    } catch (error) {
      unreadable.push({ path: inside, reason: reason(error) });
    }
  };
  if (single) {
    const reader = entries[0].createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, '');
    }
  } else {
    for (const entry of entries) await walk(entry, '');
  }
  return readAll(found, other, unreadable);
}

// Whether this browser can open a folder for reading and writing (Chrome, Edge).
export function canOpenFolder() {
  return typeof window.showDirectoryPicker === 'function';
}

// Asks the author for a folder to read and write; null if they cancelled.
export async function pickFolder() {
  try {
    return await window.showDirectoryPicker({ id: 'cyberdrill', mode: 'readwrite' });
  } catch (error) {
    if (error && error.name === 'AbortError') return null;
    throw new Error(reason(error));
  }
}

// The folder's name, for messages.
export function folderName(folder) {
  return folder.name;
}

// Every drill in a folder opened with pickFolder, and its sub-folders.
export async function readFolder(folder) {
  const found = [];
  const unreadable = [];
  let other = 0;
  const walk = async (dir, prefix) => {
    try {
      for await (const [name, handle] of dir.entries()) {
        if (handle.kind === 'directory') {
          if (!isHidden(name)) await walk(handle, `${prefix}${name}/`);
        } else if (isDrill(name)) {
          found.push({ path: prefix + name, handle });
        } else {
          other++;
        }
      }
    } catch (error) {
      unreadable.push({ path: prefix || '.', reason: reason(error) });
    }
  };
  await walk(folder, '');
  return readAll(found, other, unreadable);
}

// Asks for write permission on the folder, if not already granted. Resolves to true when
// writing may go ahead.
async function writable(folder) {
  // Handles without a permission model (the origin-private file system) are always writable.
  if (typeof folder.queryPermission !== 'function') return true;
  const options = { mode: 'readwrite' };
  if ((await folder.queryPermission(options)) === 'granted') return true;
  return (await folder.requestPermission(options)) === 'granted';
}

// Writes `text` to `path` (`/` between folders, created as needed) inside `folder`. Rejects
// with a plain reason if it could not. A file that was there keeps its old text when a write
// fails (the text goes to a swap file until the stream closes); a file this call created
// is removed again, so no empty drill is left for an older catalog to point at.
export async function writeText(folder, path, text) {
  if (!(await writable(folder))) throw new Error('NotWritable');
  const parts = path.split('/');
  const name = parts.pop();
  let dir = folder;
  let created = false;
  try {
    for (const part of parts) dir = await dir.getDirectoryHandle(part, { create: true });
    const file = await dir.getFileHandle(name).catch(() => {
      created = true;
      return dir.getFileHandle(name, { create: true });
    });
    const stream = await file.createWritable();
    try {
      await stream.write(text);
      await stream.close();
    } catch (error) {
      await stream.abort?.().catch(() => {});
      throw error;
    }
  } catch (error) {
    if (created) await dir.removeEntry(name).catch(() => {});
    throw new Error(reason(error));
  }
}

// Offers `bytes` (a Uint8Array or a string) to the author as a download called `name`.
export function download(name, bytes, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download reads the blob after this task, and Firefox may not have begun by the next
  // one: the URL is given up a minute later, not at once.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
