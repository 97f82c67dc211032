//! Writing the pair `clic close` leaves behind: the closure archive and
//! its CSV summary. The archive is first written to a temporary file
//! beside `--out` ([`Staged`]), checked, and only then committed (see
//! [`Staged::commit`] for the order that keeps the pair in agreement).
//! Every write of the pair is here, so that its order is decided in one
//! place. Temporary files of killed runs (`.NAME.zip.PID.tmp`,
//! `.NAME.csv.PID.tmp`) are removed by the next run writing to the same
//! folder, whatever its `--out` (`fsutil::remove_dead_temps`), never
//! those of a live one.

use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::{CloseError, Closed};

/// A closure archive written beside its destination, not yet in place.
/// Dropped without [`Staged::commit`], it is removed.
pub struct Staged {
    path: PathBuf,
    committed: bool,
}

impl Staged {
    /// Writes `documents` (entry name, bytes) as a Deflate .zip beside
    /// `archive`, flushed to disk.
    pub fn write(archive: &Path, documents: &[(String, Vec<u8>)]) -> Result<Staged, CloseError> {
        crate::fsutil::remove_leftovers(archive);
        // A killed run's archive and summary temporaries, whatever `--out`
        // it had: close writes only these two kinds of file.
        crate::fsutil::remove_dead_temps(crate::fsutil::parent_dir(archive), |name| {
            let lower = name.to_ascii_lowercase();
            lower.ends_with(".zip") || lower.ends_with(".csv")
        });
        let staged = Staged {
            path: crate::fsutil::temp_path(archive),
            committed: false,
        };
        let fail = |error| CloseError::Write {
            path: staged.path.clone(),
            error,
        };
        let file = std::fs::File::create(&staged.path).map_err(fail)?;
        let file = write_zip(file, documents).map_err(fail)?;
        file.sync_all().map_err(fail)?;
        Ok(staged)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Puts the pair in place, so that a summary never describes an
    /// archive that is not there, whenever the run is killed: the new
    /// summary is written to its temporary file, the old summary is
    /// removed, the archive is renamed into place, and only then the new
    /// summary. A kill in between leaves an archive without a summary
    /// (the next run writes both), never a summary beside another archive.
    pub fn commit(mut self, archive: &Path, summary: &Path, closed: &[Closed]) -> Result<(), CloseError> {
        let summary_error = |error| CloseError::Write {
            path: summary.to_path_buf(),
            error,
        };
        let csv = summary_csv(closed).map_err(summary_error)?;
        let summary_temp = crate::fsutil::write_temp(summary, &csv).map_err(summary_error)?;
        let folder = crate::fsutil::parent_dir(summary);
        let placed = (|| {
            match std::fs::remove_file(summary) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(summary_error(e)),
                _ => crate::fsutil::sync_dir(folder).map_err(summary_error)?,
            }
            std::fs::rename(&self.path, archive)
                .and_then(|()| crate::fsutil::sync_dir(crate::fsutil::parent_dir(archive)))
                .map_err(|error| CloseError::Write {
                    path: archive.to_path_buf(),
                    error,
                })?;
            self.committed = true;
            std::fs::rename(&summary_temp, summary)
                .and_then(|()| crate::fsutil::sync_dir(folder))
                .map_err(summary_error)
        })();
        if placed.is_err() {
            let _ = std::fs::remove_file(&summary_temp);
        }
        placed
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The CSV summary written beside the archive: `file,codice_chiuso,file_chiusura`.
pub fn summary_csv(closed: &[Closed]) -> io::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["file", "codice_chiuso", "file_chiusura"])?;
    for c in closed {
        writer.write_record([c.file.as_str(), c.closed_code.as_str(), c.entry.as_str()])?;
    }
    writer.into_inner().map_err(|e| e.into_error())
}

/// Writes `documents` as a Deflate .zip into `target` and returns it
/// after the archive is finished. On error nothing is printed: the error
/// is returned, once (see [`Fuse`]).
fn write_zip<W: Write + Seek>(target: W, documents: &[(String, Vec<u8>)]) -> io::Result<W> {
    let mut writer = zip::ZipWriter::new(Fuse::new(target));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in documents {
        writer.start_file(name.as_str(), options).map_err(io_error)?;
        writer.write_all(bytes)?;
    }
    writer
        .finish()
        .map_err(io_error)?
        .into_inner()
        .ok_or_else(|| io::Error::from(io::ErrorKind::WriteZero))
}

fn io_error(error: zip::result::ZipError) -> io::Error {
    match error {
        zip::result::ZipError::Io(error) => error,
        other => io::Error::other(other),
    }
}

/// The archive's file as the zip writer sees it. `zip::ZipWriter`, when
/// dropped unfinished (after an error), finalizes the archive and prints
/// to standard error if that fails too, as it does on a full disk. So at
/// the first error this writer lets go of the file, and every later write
/// or seek only moves its positions: finalizing in `Drop` then succeeds
/// without a word, and the caller reports the first error once.
struct Fuse<W> {
    inner: Option<W>,
    position: u64,
    len: u64,
}

impl<W> Fuse<W> {
    /// `inner` must be empty (a new file).
    fn new(inner: W) -> Self {
        Fuse {
            inner: Some(inner),
            position: 0,
            len: 0,
        }
    }

    /// The writer, unless an error made this let go of it.
    fn into_inner(self) -> Option<W> {
        self.inner
    }

    fn advance(&mut self, written: usize) {
        self.position += written as u64;
        self.len = self.len.max(self.position);
    }
}

impl<W: Write> Write for Fuse<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = match &mut self.inner {
            Some(inner) => inner.write(buf).inspect_err(|_| self.inner = None)?,
            None => buf.len(),
        };
        self.advance(written);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Some(inner) => inner.flush().inspect_err(|_| self.inner = None),
            None => Ok(()),
        }
    }
}

impl<W: Seek> Seek for Fuse<W> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::End(delta) => self.len.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.position.checked_add_signed(delta),
        }
        .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
        if let Some(inner) = &mut self.inner {
            inner
                .seek(SeekFrom::Start(target))
                .inspect_err(|_| self.inner = None)?;
        }
        self.position = target;
        Ok(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::io::{Cursor, Read};
    use std::rc::Rc;

    /// A disk that fills up after `room` bytes and counts what it is
    /// asked to do once full.
    struct SmallDisk {
        data: Cursor<Vec<u8>>,
        room: usize,
        asked_when_full: Rc<Cell<usize>>,
    }

    impl SmallDisk {
        fn full(&self) -> io::Result<usize> {
            self.asked_when_full.set(self.asked_when_full.get() + 1);
            Err(io::Error::from(io::ErrorKind::StorageFull))
        }
    }

    impl Write for SmallDisk {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.data.get_ref().len() + buf.len() > self.room {
                return self.full();
            }
            self.data.write(buf)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Seek for SmallDisk {
        fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
            self.data.seek(to)
        }
    }

    /// Bytes deflate cannot shrink much.
    fn noise(len: usize) -> Vec<u8> {
        let mut state = 0x2545_f491_u32;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state as u8
            })
            .collect()
    }

    fn documents() -> Vec<(String, Vec<u8>)> {
        vec![
            ("chiusura-a.xml".to_string(), noise(40_000)),
            ("chiusura-b.xml".to_string(), b"<Candidatura/>".to_vec()),
        ]
    }

    #[test]
    fn a_full_disk_is_one_error_and_the_writer_is_not_touched_again() {
        for room in [0, 100, 20_000, 40_100] {
            let asked = Rc::new(Cell::new(0));
            let disk = SmallDisk {
                data: Cursor::new(Vec::new()),
                room,
                asked_when_full: asked.clone(),
            };
            let error = write_zip(disk, &documents()).err().expect("a full disk fails");
            assert_eq!(error.kind(), io::ErrorKind::StorageFull, "room {room}");
            // Asked once (the failing write), never again: not even by the
            // zip writer's Drop, which would print its own message.
            assert_eq!(asked.get(), 1, "room {room}");
        }
    }

    #[test]
    fn with_room_the_archive_reads_back() {
        let asked = Rc::new(Cell::new(0));
        let disk = SmallDisk {
            data: Cursor::new(Vec::new()),
            room: usize::MAX,
            asked_when_full: asked.clone(),
        };
        let disk = write_zip(disk, &documents()).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(disk.data.into_inner())).unwrap();
        for (name, bytes) in documents() {
            let mut read = Vec::new();
            archive.by_name(&name).unwrap().read_to_end(&mut read).unwrap();
            assert_eq!(read, bytes);
        }
        assert_eq!(asked.get(), 0);
    }

    #[test]
    fn the_summary_lists_each_closure() {
        let closed = [Closed {
            input: "lotto.zip".into(),
            file: "cv, 1.xml".into(),
            closed_code: "1205826221000000000000042".into(),
            entry: "chiusura-cv, 1.xml".into(),
            own_code: crate::codice::ZEROS.into(),
        }];
        assert_eq!(
            String::from_utf8(summary_csv(&closed).unwrap()).unwrap(),
            "file,codice_chiuso,file_chiusura\n\"cv, 1.xml\",1205826221000000000000042,\"chiusura-cv, 1.xml\"\n"
        );
    }
}
