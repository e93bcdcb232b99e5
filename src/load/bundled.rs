//! The demo corpus compiled into the binary, so `lede` with no path opens something real anywhere.

use include_dir::{Dir, include_dir};

use super::Format;
use super::walk::Input;

static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets/corpus");

/// The bundled articles as inputs, in a stable order (the seed article first).
pub fn bundled_files() -> Vec<Input> {
    let mut files = Vec::new();
    collect(&BUNDLED, &mut files);
    files.sort_by_key(|input| match input {
        Input::Bundled { name, .. } => (!name.starts_with("seed/"), *name),
        _ => (true, ""),
    });
    files
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<Input>) {
    for file in dir.files() {
        let path = file.path();
        let is_doc = path
            .file_stem()
            .and_then(|s| s.to_str())
            .is_some_and(|s| s.chars().all(|c| c.is_ascii_uppercase()));
        if Format::from_path(path).is_none() || is_doc {
            continue;
        }
        if let Some(name) = path.to_str() {
            out.push(Input::Bundled {
                name,
                bytes: file.contents(),
            });
        }
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}
