fn main() {
    // The configuration lives at the repository root; see ARCHITECTURE.md.
    tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json"))
        .expect("failed to run tauri-build");
}
