//! The contract between the UI and the shell, read from the sources: the commands `api.ts` calls
//! are exactly those `main.rs` registers, and the UI branches only on error codes the core defines.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use regex::Regex;
use ttdt_core::Error;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

fn read(rel: &str) -> String {
    let path = repo().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The command names `api.ts` sends. Every `call`/`invoke` must name its command with a string
/// literal (or forward the `cmd` parameter of a helper), so no call site escapes the comparison.
fn commands_called_by_the_ui() -> BTreeSet<String> {
    let text = read("ui/src/lib/api.ts");
    // Helper definitions (`async function call<T>(cmd: …)`) are not call sites.
    let body: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("function ") && !l.trim_start().starts_with("async function "))
        .collect::<Vec<_>>()
        .join("\n");
    let literal = Regex::new(r"^'([a-z0-9_]+)'$").unwrap();
    let mut names = BTreeSet::new();
    let mut check = |what: &str, arg: &str| {
        let arg = arg.trim();
        if let Some(m) = literal.captures(arg) {
            names.insert(m[1].to_string());
        } else {
            assert_eq!(arg, "cmd", "api.ts: {what} must name its command with a string literal, not `{arg}`");
        }
    };
    // `call<T>('name', …)` and `invoke<T>('name', …)`: the first argument.
    let direct = Regex::new(r"\b(call|invoke)\s*(?:<.*?>)?\(\s*([^,)]*)").unwrap();
    let mut direct_calls = 0;
    for m in direct.captures_iter(&body) {
        direct_calls += 1;
        check(&m[1], &m[2]);
    }
    // `exportTo(`file name`, 'name', { … })`: the second argument.
    let export = Regex::new(r"\bexportTo\(\s*`[^`]*`\s*,\s*([^,)]*)").unwrap();
    let export_calls = body.matches("exportTo(").count();
    let mut export_found = 0;
    for m in export.captures_iter(&body) {
        export_found += 1;
        check("exportTo", &m[1]);
    }
    assert_eq!(export_found, export_calls, "api.ts: an exportTo call the test cannot read");
    assert!(direct_calls > 30 && names.len() > 30, "api.ts: found only {names:?}");
    names
}

/// The commands `main.rs` registers in `generate_handler![…]`.
fn commands_registered_by_the_shell() -> BTreeSet<String> {
    let text = read("src-tauri/src/main.rs");
    let start = text.find("generate_handler![").expect("main.rs: generate_handler!") + "generate_handler![".len();
    let end = start + text[start..].find(']').expect("main.rs: end of generate_handler!");
    text[start..end]
        .split(',')
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| s.rsplit("::").next().unwrap_or(s).to_string())
        .collect()
}

/// The `#[tauri::command]` functions of `commands.rs`.
fn commands_defined_by_the_shell() -> BTreeSet<String> {
    let text = read("src-tauri/src/commands.rs");
    Regex::new(r"#\[tauri::command\]\s*pub\s+(?:async\s+)?fn\s+(\w+)")
        .unwrap()
        .captures_iter(&text)
        .map(|m| m[1].to_string())
        .collect()
}

#[test]
fn the_ui_calls_exactly_the_commands_the_shell_registers() {
    let called = commands_called_by_the_ui();
    let registered = commands_registered_by_the_shell();
    let not_registered: Vec<_> = called.difference(&registered).collect();
    let not_called: Vec<_> = registered.difference(&called).collect();
    assert!(
        not_registered.is_empty() && not_called.is_empty(),
        "api.ts calls commands main.rs does not register: {not_registered:?}; main.rs registers commands api.ts never calls: {not_called:?}"
    );
    assert_eq!(commands_defined_by_the_shell(), registered, "every #[tauri::command] in commands.rs is registered, and only those");
}

/// Every UI source file (TypeScript and Svelte), with its path relative to `ui/src`.
fn ui_sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "ts" || e == "svelte") {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let root = repo().join("ui/src");
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    assert!(out.len() > 10, "ui/src: found only {} files", out.len());
    out
}

/// The error codes a UI file compares with or makes: `code === 'x'`, `'x' !== e.code`,
/// `new ApiError('x', …)`, `expect(e.code).toBe('x')`.
fn error_codes_used(text: &str) -> Vec<String> {
    let patterns = [
        r"(?i:code)\s*[!=]==?\s*'([a-z_]+)'",
        r"'([a-z_]+)'\s*[!=]==?\s*[\w.?]*(?i:code)\b",
        r"\bApiError\(\s*'([a-z_]+)'",
        r"(?i:code)\)\s*\.toBe\(\s*'([a-z_]+)'",
    ];
    let mut codes = Vec::new();
    for p in patterns {
        for m in Regex::new(p).unwrap().captures_iter(text) {
            codes.push(m[1].to_string());
        }
    }
    codes
}

#[test]
fn the_ui_branches_only_on_error_codes_the_core_defines() {
    let known: BTreeSet<&str> = Error::CODES.iter().copied().collect();
    let mut used = 0;
    let mut unknown = Vec::new();
    for (path, text) in ui_sources() {
        if path.ends_with("bindings.ts") {
            continue;
        }
        for code in error_codes_used(&text) {
            used += 1;
            if !known.contains(code.as_str()) {
                unknown.push(format!("{path}: '{code}'"));
            }
        }
    }
    assert!(unknown.is_empty(), "the UI uses error codes that Error::CODES does not define: {unknown:?}");
    assert!(used > 0, "the test found no error code in the UI; the patterns no longer match how it compares codes");
}

#[test]
fn the_code_patterns_see_what_they_should() {
    assert_eq!(error_codes_used("if (e.code === 'scan_running') x;"), ["scan_running"]);
    assert_eq!(error_codes_used("errorCode !== 'level'"), ["level"]);
    assert_eq!(error_codes_used("'db_busy' === err.code"), ["db_busy"]);
    assert_eq!(error_codes_used("new ApiError('internal', m)"), ["internal"]);
    assert_eq!(error_codes_used("expect(e.code).toBe('duplicate_site')"), ["duplicate_site"]);
    assert!(error_codes_used("c.code === 'CT.01' || g.code === selected").is_empty());
}

#[test]
fn the_criterion_code_rule_matches_its_exported_pattern() {
    use ttdt_core::framework::{is_valid_criterion_code, CRITERION_CODE_PATTERN};
    // ASCII digits, as `\d` means in the UI's JavaScript.
    let re = Regex::new(&format!("(?-u){CRITERION_CODE_PATTERN}")).unwrap();
    let samples = [
        "CT.27", "KN.08", "ABCD.123", "HN.01", "", "CT", "CT.", "CT.1", "CT.1234", "C.01", "ABCDE.01", "ct.27", "CT-27",
        "CT.2a", "CT.01.1", " CT.01", "CT.01 ", "CT..01", ".01", "AB.12\n",
    ];
    for s in samples {
        assert_eq!(is_valid_criterion_code(s), re.is_match(s), "{s:?}");
    }
}

#[test]
fn the_store_refuses_the_criterion_codes_the_ui_refuses_with_the_same_message() {
    use ttdt_core::domain::{LegalRef, Method, NewCampaign, NewCriterion, Reviewer};
    let dir = tempfile::tempdir().unwrap();
    let mut store = ttdt_core::Store::open(dir.path().join("t.db")).unwrap();
    store.set_reviewer(&Reviewer { name: "Nguyễn Văn A".into(), unit: String::new() }).unwrap();
    let c = store.create_campaign(&NewCampaign { name: "Mã".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap();
    let new = |code: &str| NewCriterion {
        code: code.into(),
        group_code: "CT".into(),
        title: "Tiêu chí bổ sung".into(),
        method: Method::Manual,
        points: 0.5,
        levels: vec![],
        legal_basis: vec![LegalRef { text: "Nghị định 224/2026/NĐ-CP".into(), article: String::new() }],
        guidance: String::new(),
    };
    let ui = read("ui/src/lib/frameworkEdit.ts");
    for bad in ["CT.1", "CT.1234", "CT27", "CT.2a"] {
        let e = store.add_campaign_criterion(c.id, &new(bad)).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{bad}");
        assert!(ui.contains(&format!("'{}'", e.user_message())), "frameworkEdit.ts does not say “{}”", e.user_message());
    }
    assert_eq!(store.add_campaign_criterion(c.id, &new("ct.27")).unwrap().code, "CT.27");
}
