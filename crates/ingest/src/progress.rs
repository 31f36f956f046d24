//! How much input this process has read, for progress displays: every input file is read
//! through [`open`], which counts the bytes taken from disk (compressed bytes for `.gz`, so a
//! count compares with the files' sizes).

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

static BYTES_READ: AtomicU64 = AtomicU64::new(0);

/// Bytes of input files read so far by this process.
pub fn bytes_read() -> u64 {
    BYTES_READ.load(Ordering::Relaxed)
}

/// A file whose reads are counted.
pub struct Counted(std::fs::File);

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        BYTES_READ.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens an input file for counted reading.
pub fn open(path: &Path) -> std::io::Result<Counted> {
    std::fs::File::open(path).map(Counted)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_are_counted() {
        let path = std::env::temp_dir().join(format!("dateline-progress-{}", std::process::id()));
        std::fs::write(&path, b"twelve bytes").expect("write");
        let before = super::bytes_read();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut super::open(&path).expect("open"), &mut s)
            .expect("read");
        // Other tests may read too: at least these bytes were counted.
        assert!(super::bytes_read() - before >= 12);
        let _ = std::fs::remove_file(&path);
    }
}
