//! A cheaply clonable `Read + Seek` over one open file (or one buffer), so
//! that every rayon worker reads archive entries through its own cursor
//! without reopening the file, re-reading the central directory, or holding
//! the archive in memory. Reads are positional (`pread`), so clones never
//! disturb each other.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::Arc;

#[derive(Clone, Debug)]
enum Data {
    File {
        file: Arc<File>,
        len: u64,
    },
    /// A vector, shared without copying it (an upload, stdin).
    Memory(Arc<Vec<u8>>),
}

#[derive(Clone, Debug)]
pub struct SharedReader {
    data: Data,
    pos: u64,
}

impl SharedReader {
    pub fn file(file: File) -> io::Result<Self> {
        let len = file.metadata()?.len();
        Ok(SharedReader {
            data: Data::File {
                file: Arc::new(file),
                len,
            },
            pos: 0,
        })
    }

    pub fn memory(bytes: Arc<Vec<u8>>) -> Self {
        SharedReader {
            data: Data::Memory(bytes),
            pos: 0,
        }
    }

    pub fn len(&self) -> u64 {
        match &self.data {
            Data::File { len, .. } => *len,
            Data::Memory(bytes) => bytes.len() as u64,
        }
    }

    /// The bytes of a reader over memory (an upload), shared.
    pub fn memory_bytes(&self) -> Option<&Arc<Vec<u8>>> {
        match &self.data {
            Data::Memory(bytes) => Some(bytes),
            Data::File { .. } => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads exactly `buf.len()` bytes at `offset`, independent of the cursor.
    pub fn read_exact_at(&self, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
        while !buf.is_empty() {
            let n = self.read_at(buf, offset)?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            buf = &mut buf[n..];
            offset += n as u64;
        }
        Ok(())
    }

    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        match &self.data {
            Data::File { file, .. } => read_file_at(file, buf, offset),
            Data::Memory(bytes) => {
                let start = (offset as usize).min(bytes.len());
                let n = buf.len().min(bytes.len() - start);
                buf[..n].copy_from_slice(&bytes[start..start + n]);
                Ok(n)
            }
        }
    }
}

#[cfg(unix)]
fn read_file_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_file_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

impl Read for SharedReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for SharedReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(delta) => self.len().checked_add_signed(delta),
            SeekFrom::Current(delta) => self.pos.checked_add_signed(delta),
        };
        match target {
            Some(pos) => {
                self.pos = pos;
                Ok(pos)
            }
            // Before the start of the data.
            None => Err(io::ErrorKind::InvalidInput.into()),
        }
    }
}

/// A [`SharedReader`] read through a window of [`ReadAhead::WINDOW`]
/// bytes that survives seeks: the zip crate reads the central directory
/// and then every local header in small pieces (several `pread`s an entry,
/// one thread, before any worker starts); through the window they are a
/// few large reads. Used only while an archive is opened.
pub struct ReadAhead {
    reader: SharedReader,
    pos: u64,
    window: Vec<u8>,
    window_start: u64,
}

impl ReadAhead {
    const WINDOW: usize = 256 * 1024;

    pub fn new(reader: SharedReader) -> Self {
        ReadAhead {
            reader,
            pos: 0,
            window: Vec::new(),
            window_start: 0,
        }
    }
}

impl Read for ReadAhead {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let end = self.window_start + self.window.len() as u64;
        if self.pos < self.window_start || self.pos >= end {
            if buf.len() >= Self::WINDOW {
                let n = self.reader.read_at(buf, self.pos)?;
                self.pos += n as u64;
                return Ok(n);
            }
            self.window.resize(Self::WINDOW, 0);
            let n = self.reader.read_at(&mut self.window, self.pos)?;
            self.window.truncate(n);
            self.window_start = self.pos;
        }
        let from = (self.pos - self.window_start) as usize;
        let n = buf.len().min(self.window.len() - from);
        buf[..n].copy_from_slice(&self.window[from..from + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for ReadAhead {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.reader.pos = self.pos;
        self.pos = self.reader.seek(to)?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_ahead_reads_what_the_reader_reads_wherever_it_seeks() {
        let bytes: Vec<u8> = (0..700_000u32).map(|i| (i % 251) as u8).collect();
        let shared = SharedReader::memory(Arc::new(bytes.clone()));
        let mut ahead = ReadAhead::new(shared);
        for (at, len) in [
            (0u64, 10usize),
            (5, 3),
            (262_140, 10),
            (100, 300_000),
            (699_990, 20),
            (3, 1),
        ] {
            ahead.seek(SeekFrom::Start(at)).unwrap();
            let mut got = vec![0u8; len];
            let mut filled = 0;
            while filled < len {
                let n = ahead.read(&mut got[filled..]).unwrap();
                if n == 0 {
                    break;
                }
                filled += n;
            }
            let end = (at as usize + len).min(bytes.len());
            assert_eq!(&got[..filled], &bytes[at as usize..end], "at {at}, {len} bytes");
        }
        ahead.seek(SeekFrom::End(-10)).unwrap();
        let mut last = [0u8; 10];
        ahead.read_exact(&mut last).unwrap();
        assert_eq!(&last, &bytes[699_990..]);
        assert_eq!(ahead.seek(SeekFrom::Current(-10)).unwrap(), 699_990);
        assert!(ahead.seek(SeekFrom::Current(-800_000)).is_err());
    }

    #[test]
    fn clones_keep_independent_cursors() {
        let mut a = SharedReader::memory(Arc::new(b"abcdef".to_vec()));
        let mut b = a.clone();
        let mut buf = [0u8; 2];
        a.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"ab");
        b.seek(SeekFrom::End(-2)).unwrap();
        b.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"ef");
        a.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"cd");
        assert!(a.seek(SeekFrom::Current(-10)).is_err());
        assert_eq!(a.read(&mut buf).unwrap(), 2);
        assert_eq!(a.read(&mut buf).unwrap(), 0);
    }
}
