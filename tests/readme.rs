//! The README is a promise: its table of keys is the binding table (the same one that
//! drives the keys, the footer and the help screen), and it points nowhere outside the
//! repository. After changing a binding, `TAPER_WRITE_README=1 cargo test --test readme`
//! writes the table again.

use taper::tui::keymap::{Context, bindings_of};

const BEGIN: &str = "<!-- keys: generated from src/tui/keymap.rs by tests/readme.rs -->\n";
const END: &str = "<!-- /keys -->";

fn table() -> String {
    let mut out = String::from("| Where | Keys | Does |\n|---|---|---|\n");
    for context in Context::ALL {
        for b in bindings_of(context) {
            let keys: Vec<String> = b
                .keys
                .split_whitespace()
                .map(|k| format!("`{k}`"))
                .collect();
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                context.title(),
                keys.join(" "),
                b.help
            ));
        }
    }
    out
}

fn readme_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

#[test]
fn the_key_table_is_the_binding_table() {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    let start = readme.find(BEGIN).expect("README has the keys marker") + BEGIN.len();
    let end = start
        + readme[start..]
            .find(END)
            .expect("README has the end marker");
    let expected = table();
    if std::env::var_os("TAPER_WRITE_README").is_some() {
        let new = format!("{}{expected}{}", &readme[..start], &readme[end..]);
        std::fs::write(readme_path(), new).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        expected,
        "README keys differ from the binding table; run TAPER_WRITE_README=1 cargo test --test readme"
    );
}

#[test]
fn the_readme_points_nowhere_outside_the_repository() {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    assert!(
        !readme.contains("../"),
        "README links outside the repository"
    );
}
