//! Crash test: the writing process is killed with SIGKILL at random moments during scripted edits;
//! every edit it acknowledged must be in the database afterwards, and the database must be intact.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn ttdt(db: &std::path::Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("ttdt"));
    cmd.arg("--db").arg(db).env_remove("TTDT_DB");
    cmd
}

/// A small deterministic generator, so a failing run can be replayed with the same seed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn every_acknowledged_edit_survives_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    assert!(ttdt(&db).args(["reviewer", "set", "--name", "Người Thử Sập"]).status().unwrap().success());
    assert!(ttdt(&db).args(["campaigns", "create", "--name", "Sập nguồn", "--year", "2026"]).status().unwrap().success());
    let add = ttdt(&db)
        .args(["--json", "sites", "add", "Sập nguồn", "--agency", "UBND tỉnh Sơn Hà", "--level", "tinh", "--url", "sonha.gov.vn"])
        .output()
        .unwrap();
    assert!(add.status.success());
    let site: serde_json::Value = serde_json::from_slice(&add.stdout).unwrap();
    let site_id = site["id"].as_i64().unwrap();

    const EDITS: usize = 150;
    let codes = ["QL.03", "QL.04", "QL.05", "KN.07", "SD.01"];
    let edits: Vec<String> = (0..EDITS)
        .map(|i| {
            let outcome = if i % 3 == 0 { "fail" } else { "pass" };
            serde_json::json!({ "site": site_id, "code": codes[i % codes.len()], "outcome": outcome, "note": format!("sửa lần {i}") })
                .to_string()
        })
        .collect();

    let seed = std::env::var("CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x7d_d7);
    let mut rng = Lcg(seed);
    let mut acknowledged = vec![false; EDITS];
    let mut next = 0;
    let mut kills = 0;
    let started = Instant::now();
    while next < EDITS {
        assert!(started.elapsed() < Duration::from_secs(120), "crash test is not progressing");
        let mut child = ttdt(&db)
            .args(["review", "apply"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let batch: Vec<String> = edits[next..].to_vec();
        let mut stdin = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            for line in batch {
                if writeln!(stdin, "{line}").is_err() {
                    break;
                }
            }
        });
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("ok ").and_then(|n| n.parse::<usize>().ok()) {
                    let _ = tx.send(n);
                }
            }
        });
        let deadline = Instant::now() + Duration::from_millis(1 + rng.next(25));
        let mut killed = false;
        loop {
            match rx.recv_timeout(Duration::from_millis(1)) {
                Ok(n) => acknowledged[next + n - 1] = true,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
            if !killed && Instant::now() >= deadline {
                child.kill().unwrap(); // SIGKILL
                killed = true;
                kills += 1;
            }
        }
        child.wait().unwrap();
        // Whatever was acknowledged before the kill counts; continue after the last one.
        let last = acknowledged.iter().rposition(|a| *a).map(|i| i + 1).unwrap_or(0);
        next = next.max(last);
    }
    assert!(kills >= 3, "only {kills} kills: the test did not exercise crashes");
    assert_eq!(acknowledged.iter().filter(|a| **a).count(), EDITS, "every edit was eventually acknowledged");

    // Every acknowledged edit is in the audit trail, and the database is intact.
    let log = ttdt(&db).args(["--json", "review", "log", &site_id.to_string()]).output().unwrap();
    assert!(log.status.success());
    let log: Vec<serde_json::Value> = serde_json::from_slice(&log.stdout).unwrap();
    for i in 0..EDITS {
        let note = format!("sửa lần {i}");
        assert!(
            log.iter().any(|e| e["field"] == "note" && e["new_value"] == note.as_str()),
            "acknowledged edit {i} is missing (seed {seed})"
        );
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    eprintln!("crash test: {EDITS} edits, {kills} SIGKILLs, seed {seed}");
}
