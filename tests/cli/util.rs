//! Helpers for the CLI tests: a temporary data directory and a command for the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Writes a fixture file under the temp dir and returns its path.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join("in").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).unwrap();
        path
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_parallax"));
        c.arg("--data").arg(self.data());
        c.env_remove("PARALLAX_DATA");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run parallax")
    }

    pub fn ingest(&self, paths: &[&Path]) -> Output {
        let mut c = self.cmd();
        c.arg("ingest").arg("--quiet");
        for p in paths {
            c.arg(p);
        }
        c.output().expect("run parallax ingest")
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "parallax {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("valid JSON")
    }

    pub fn articles(&self) -> Vec<serde_json::Value> {
        self.json(&["articles", "--json"]).as_array().unwrap().clone()
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Made-up words from syllables, the same on every run for the same seed.
pub fn words(seed: u64) -> impl FnMut() -> String {
    let syllables = ["ka", "lo", "mi", "ter", "van", "sul", "dro", "pen", "ri", "gos", "bel", "un"];
    let mut state = seed;
    move || {
        (0..3)
            .map(|_| {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                syllables[((state >> 33) % syllables.len() as u64) as usize]
            })
            .collect()
    }
}
