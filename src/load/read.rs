//! The one way lede reads an input: opened non-blocking and checked to be a regular file on the
//! opened handle, decompressed when its first bytes say so (gzip, zstd, bzip2), and read in
//! bounded chunks that stop at a limit, so a sparse 1 TB file or `/proc/self/pagemap` costs a
//! warning, never an allocation failure.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use super::walk::NOT_REGULAR;

/// Size limits for what is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes one input may hold once decompressed, when it is read whole.
    pub file: u64,
    /// Bytes one article's text may hold (also bounds one JSON Lines record).
    pub article: u64,
}

pub const MB: u64 = 1 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file: 1024 * MB,
            article: 256 * MB,
        }
    }
}

/// How much is read at a time.
const CHUNK: usize = 1 << 20;

/// Compression recognised by its magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Zstd,
    Bzip2,
}

impl Compression {
    pub fn sniff(head: &[u8]) -> Option<Compression> {
        match head {
            [0x1f, 0x8b, ..] => Some(Compression::Gzip),
            [0x28, 0xb5, 0x2f, 0xfd, ..] => Some(Compression::Zstd),
            [b'B', b'Z', b'h', b'1'..=b'9', ..] => Some(Compression::Bzip2),
            _ => None,
        }
    }

    /// The file-name endings that mean compression (stripped to find the inner format).
    pub const EXTENSIONS: &[&str] = &["gz", "zst", "bz2"];

    pub fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::Bzip2 => "bzip2",
        }
    }
}

/// Open a path for reading without ever blocking: a path that is (or became, since it was
/// listed) a FIFO, socket or device is refused on the opened handle. Returns the file and its
/// size as the file system reports it (0 for `/proc` files, whatever they hold).
pub fn open_regular(path: &Path) -> Result<(File, u64), String> {
    let cannot = |err: io::Error| format!("cannot read: {err}");
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. The flag means
    // nothing to regular files.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(NOT_REGULAR.to_string());
    }
    Ok((file, meta.len()))
}

/// A source of bytes with its compression peeled off.
pub struct Opened<'a> {
    pub reader: Box<dyn BufRead + Send + 'a>,
    pub compression: Option<Compression>,
}

/// Wrap a reader, decompressing it when its first bytes are a compression format's magic.
pub fn peel<'a>(reader: impl Read + Send + 'a) -> io::Result<Opened<'a>> {
    peel_sized(reader, None)
}

/// [`peel`] for a source of known length: a small file gets a buffer of its own size, not a
/// chunk of a megabyte (a folder of a hundred thousand articles otherwise allocates, and
/// returns, a megabyte per file: slower, and it leaves the heap in pieces).
pub fn peel_sized<'a>(reader: impl Read + Send + 'a, len: Option<u64>) -> io::Result<Opened<'a>> {
    let capacity = len.map_or(CHUNK, |len| {
        usize::try_from(len.saturating_add(1))
            .unwrap_or(CHUNK)
            .clamp(8 << 10, CHUNK)
    });
    let mut buffered = BufReader::with_capacity(capacity, reader);
    let compression = Compression::sniff(buffered.fill_buf()?);
    let reader: Box<dyn BufRead + Send + 'a> = match compression {
        None => Box::new(buffered),
        Some(Compression::Gzip) => Box::new(BufReader::with_capacity(
            CHUNK,
            flate2::bufread::MultiGzDecoder::new(buffered),
        )),
        Some(Compression::Zstd) => Box::new(BufReader::with_capacity(
            CHUNK,
            zstd::stream::read::Decoder::with_buffer(buffered)?,
        )),
        Some(Compression::Bzip2) => Box::new(BufReader::with_capacity(
            CHUNK,
            bzip2::bufread::MultiBzDecoder::new(buffered),
        )),
    };
    Ok(Opened {
        reader,
        compression,
    })
}

/// Why a bounded read stopped.
#[derive(Debug)]
pub enum ReadError {
    /// More than the limit: nothing is kept.
    TooBig,
    Io(io::Error),
}

/// Read everything, refusing more than `limit` bytes. `expect` is what the file system says
/// the file holds (0 when unknown): the buffer starts that large when it is within the limit,
/// so a file read whole is held once and not in a buffer grown by doubling; past it, the
/// buffer grows with what has really been read. Nothing is read past one byte over the limit.
pub fn read_bounded(reader: &mut dyn Read, limit: u64, expect: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(usize::try_from(expect.min(limit)).unwrap_or(0));
    // Straight into the buffer (no chunk in between): `read_to_end` retries interrupted reads.
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooBig);
    }
    Ok(bytes)
}

/// One line of at most `limit` bytes (not counting its `\n`) appended to `line` (which may
/// hold earlier lines). Returns how many
/// bytes were consumed (0 at the end), and whether the line was longer than the limit (then
/// the rest of it is skipped, not kept).
pub fn read_line_bounded(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
    limit: u64,
) -> io::Result<(usize, bool)> {
    let start = line.len();
    let mut consumed = 0;
    let mut too_long = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if buf.is_empty() {
            return Ok((consumed, too_long));
        }
        let (piece, done) = match memchr_newline(buf) {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let n = piece.len();
        if !too_long {
            if (line.len() - start + n) as u64 > limit.saturating_add(1) {
                too_long = true;
                line.truncate(start);
            } else {
                line.extend_from_slice(piece);
            }
        }
        reader.consume(n);
        consumed += n;
        if done {
            return Ok((consumed, too_long));
        }
    }
}

fn memchr_newline(buf: &[u8]) -> Option<usize> {
    buf.iter().position(|&b| b == b'\n')
}

/// "1.0 GB", "256 MB", "12 KB": sizes in warnings.
pub fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 30 {
        format!("{:.1} GB", bytes as f64 / (1u64 << 30) as f64)
    } else if bytes >= MB {
        format!("{} MB", bytes.div_ceil(MB))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_reads_stop_at_the_limit() {
        let mut zeros = io::repeat(0).take(10 * MB);
        assert!(matches!(
            read_bounded(&mut zeros, 3 * MB, 0),
            Err(ReadError::TooBig)
        ));
        let mut small: &[u8] = b"hello";
        assert_eq!(read_bounded(&mut small, 5, 5).unwrap(), b"hello");
        let mut one_over: &[u8] = b"hello!";
        assert!(matches!(
            read_bounded(&mut one_over, 5, 6),
            Err(ReadError::TooBig)
        ));
        // A file of known length read through a buffer of its own size.
        let text = "a small article\n".repeat(3);
        let mut opened = peel_sized(text.as_bytes(), Some(text.len() as u64)).unwrap();
        let read = read_bounded(&mut opened.reader, 1000, text.len() as u64).unwrap();
        assert_eq!(read, text.as_bytes());
    }

    #[test]
    fn long_lines_are_skipped_not_kept() {
        let text = format!("short\n{}\nnext\nlast", "x".repeat(100));
        let mut reader = BufReader::with_capacity(16, text.as_bytes());
        let mut lines = Vec::new();
        loop {
            let mut line = Vec::new();
            let (n, too_long) = read_line_bounded(&mut reader, &mut line, 20).unwrap();
            if n == 0 {
                break;
            }
            lines.push((String::from_utf8(line).unwrap(), too_long));
        }
        assert_eq!(
            lines,
            [
                ("short\n".to_string(), false),
                (String::new(), true),
                ("next\n".to_string(), false),
                ("last".to_string(), false),
            ]
        );
    }

    #[test]
    fn a_long_line_leaves_the_lines_before_it_in_the_buffer() {
        let mut reader = BufReader::with_capacity(8, &b"one\ntwo-is-long\nthree\n"[..]);
        let mut block = Vec::new();
        assert_eq!(
            read_line_bounded(&mut reader, &mut block, 5).unwrap(),
            (4, false)
        );
        assert_eq!(
            read_line_bounded(&mut reader, &mut block, 5).unwrap(),
            (12, true)
        );
        assert_eq!(
            read_line_bounded(&mut reader, &mut block, 5).unwrap(),
            (6, false)
        );
        assert_eq!(block, b"one\nthree\n");
    }

    #[test]
    fn compression_is_recognised_and_peeled() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"inside gzip").unwrap();
        let gz = gz.finish().unwrap();
        let zst = zstd::encode_all(&b"inside zstd"[..], 1).unwrap();
        let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
        bz.write_all(b"inside bzip2").unwrap();
        let bz = bz.finish().unwrap();
        for (bytes, text) in [
            (&gz[..], "inside gzip"),
            (&zst[..], "inside zstd"),
            (&bz[..], "inside bzip2"),
            (&b"plain"[..], "plain"),
        ] {
            let mut opened = peel(bytes).unwrap();
            let read = read_bounded(&mut opened.reader, 1000, 0).unwrap();
            assert_eq!(read, text.as_bytes());
        }
    }
}
