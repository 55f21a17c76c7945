//! The author's files: opening, picking, dropping, saving and downloading, through the small
//! JavaScript module beside this one (`files.js`), which holds the File System Access and
//! file-reading plumbing. Everything here turns its answers into plain Rust data.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/studio/files.js")]
extern "C" {
    // These two are called at once, not when their future is first polled: a drop's
    // DataTransfer empties when its event ends, and an input's files are taken before the
    // input is cleared for the next pick.
    #[wasm_bindgen(js_name = readPicked)]
    fn read_picked(list: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = readDropped)]
    fn read_dropped(transfer: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = canOpenFolder)]
    fn can_open_folder() -> bool;
    #[wasm_bindgen(js_name = pickFolder, catch)]
    async fn pick_folder() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = folderName)]
    fn folder_name(folder: &JsValue) -> String;
    #[wasm_bindgen(js_name = readFolder, catch)]
    async fn read_folder(folder: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = writeText, catch)]
    async fn write_text(folder: &JsValue, path: &str, text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = download, catch)]
    fn download_bytes(name: &str, bytes: &[u8], kind: &str) -> Result<(), JsValue>;
}

/// One drill file as read: its path relative to what was opened (`/` between folders) and
/// its bytes.
pub struct Read {
    /// `phishing/lookalike-sender.md`.
    pub path: String,
    /// The file's bytes, as on disk.
    pub bytes: Vec<u8>,
}

/// What one opening found.
#[derive(Default)]
pub struct Opened {
    /// The drills (`.md` files).
    pub files: Vec<Read>,
    /// How many other files were left out.
    pub other: usize,
    /// Files that could not be read, and why.
    pub unreadable: Vec<(String, String)>,
}

/// A folder opened for reading and writing (a `FileSystemDirectoryHandle`).
#[derive(Clone, Debug)]
pub struct Folder(JsValue);

impl Folder {
    /// The folder's name, as the author knows it.
    pub fn name(&self) -> String {
        folder_name(&self.0)
    }
}

fn field(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn text_of(value: &JsValue, name: &str) -> String {
    field(value, name).as_string().unwrap_or_default()
}

/// A JavaScript error as the plain sentence it carries, or the name of a refusal `files.js`
/// names (`NotAllowedError`, `NotFoundError`, `NotWritable`), which the studio says in its
/// own words (`Studio::why`); empty if the browser gave no reason.
pub fn reason(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_default()
}

fn opened(result: Result<JsValue, JsValue>) -> Result<Opened, String> {
    let value = result.map_err(|e| reason(&e))?;
    let files = js_sys::Array::from(&field(&value, "files"))
        .iter()
        .map(|file| Read {
            path: text_of(&file, "path"),
            bytes: field(&file, "bytes")
                .dyn_into::<js_sys::Uint8Array>()
                .map(|b| b.to_vec())
                .unwrap_or_default(),
        })
        .collect();
    let unreadable = js_sys::Array::from(&field(&value, "unreadable"))
        .iter()
        .map(|u| (text_of(&u, "path"), text_of(&u, "reason")))
        .collect();
    Ok(Opened {
        files,
        other: field(&value, "other").as_f64().unwrap_or(0.0) as usize,
        unreadable,
    })
}

/// Reads the drills among files picked with an `<input type=file>` (its `FileList`, taken at
/// once: the input may be cleared as soon as this returns).
pub fn picked(list: web_sys::FileList) -> impl Future<Output = Result<Opened, String>> {
    let reading = wasm_bindgen_futures::JsFuture::from(read_picked(list.into()));
    async move { opened(reading.await) }
}

/// Reads the drills among files and folders dropped on the page (the drop's `DataTransfer`,
/// whose entries are taken at once, while its event is still being handled).
pub fn dropped(transfer: web_sys::DataTransfer) -> impl Future<Output = Result<Opened, String>> {
    let reading = wasm_bindgen_futures::JsFuture::from(read_dropped(transfer.into()));
    async move { opened(reading.await) }
}

/// Whether this browser can open a folder for reading and writing.
pub fn can_open_folder_for_editing() -> bool {
    can_open_folder()
}

/// Asks the author for a folder to edit, then reads its drills; `Ok(None)` if they cancelled.
pub async fn open_folder() -> Result<Option<(Folder, Opened)>, String> {
    let folder = pick_folder().await.map_err(|e| reason(&e))?;
    if folder.is_null() || folder.is_undefined() {
        return Ok(None);
    }
    let files = opened(read_folder(&folder).await)?;
    Ok(Some((Folder(folder), files)))
}

/// Writes `text` to `path` inside `folder`, making folders as needed.
pub async fn write(folder: &Folder, path: &str, text: &str) -> Result<(), String> {
    write_text(&folder.0, path, text)
        .await
        .map(drop)
        .map_err(|e| reason(&e))
}

/// Offers `bytes` to the author as a download called `name`, of media type `kind`.
pub fn download(name: &str, bytes: &[u8], kind: &str) -> Result<(), String> {
    download_bytes(name, bytes, kind).map_err(|e| reason(&e))
}
