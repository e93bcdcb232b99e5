//! Memory of a build held down: freed memory given back to the system between its stages,
//! and what is written out encoded straight to its file.
//!
//! Extraction allocates and frees a great deal on every worker thread; glibc's allocator keeps
//! what was freed in its arenas, so the search index built next would sit on top of it and the
//! peak of a cold load would count both. `malloc_trim` returns the free pages (in the middle of
//! the arenas too, not only at their tops), and large blocks are mapped on their own (see
//! `tune_allocator`). These two calls are the library's only `unsafe`.

/// Return the allocator's free pages to the system (glibc only; elsewhere nothing).
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: malloc_trim only returns free memory to the system; it takes no pointer and
    // touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Allocations of at least this many bytes get pages of their own, given back when freed.
const MMAP_THRESHOLD: i32 = 1 << 20;

/// Set the allocator up for building a corpus (glibc only; elsewhere nothing): large blocks
/// (read buffers, vectors of a whole corpus's quotes or postings, tens of megabytes) are mapped
/// on their own and unmapped when freed. glibc's default raises that threshold each time such
/// a block is freed, up to 32 MB, after which freed blocks of that size stay in the heap: on
/// 100,000 real articles the peak of a cold load was 13 MB higher and browsing 8 to 13 MB.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: mallopt only changes the allocator's settings; it is called before any thread
    // is started and touches no allocation.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

/// `value` in postcard as one section of a file (its length, its CRC-32, its bytes), written
/// to `w` without being held in memory: encoded once to measure and hash it, and once more to
/// write it. (The search index's parts are tens of megabytes for a large corpus; a buffer for
/// each, freed after writing, stayed in the heap and made the peak of a cold load.)
pub fn write_section<T: serde::Serialize + ?Sized>(
    w: &mut impl std::io::Write,
    value: &T,
) -> std::io::Result<()> {
    let mut failed = None;
    let (len, crc) = encode_into(value, std::io::sink(), true, &mut failed)?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(&crc.to_le_bytes())?;
    let (written, _) = encode_into(value, &mut *w, false, &mut failed)?;
    if written != len {
        return Err(std::io::Error::other(
            "a section changed while it was written",
        ));
    }
    Ok(())
}

fn encode_into<T: serde::Serialize + ?Sized, W: std::io::Write>(
    value: &T,
    w: W,
    hash: bool,
    failed: &mut Option<std::io::Error>,
) -> std::io::Result<(u64, u32)> {
    let stream = Stream {
        w,
        hash,
        crc: crc32fast::Hasher::new(),
        len: 0,
        buf: Vec::with_capacity(STREAM_BUF),
        failed,
    };
    postcard::serialize_with_flavor(value, stream).map_err(|e| {
        failed
            .take()
            .unwrap_or_else(|| std::io::Error::other(e.to_string()))
    })
}

/// Bytes gathered before they are hashed and written (postcard pushes most a byte at a time).
const STREAM_BUF: usize = 64 << 10;

/// A postcard flavor that counts, hashes and writes what it is given.
struct Stream<'a, W> {
    w: W,
    hash: bool,
    crc: crc32fast::Hasher,
    len: u64,
    buf: Vec<u8>,
    failed: &'a mut Option<std::io::Error>,
}

impl<W: std::io::Write> Stream<'_, W> {
    fn flush(&mut self) -> postcard::Result<()> {
        if self.hash {
            self.crc.update(&self.buf);
        }
        self.len += self.buf.len() as u64;
        let written = self.w.write_all(&self.buf);
        self.buf.clear();
        written.map_err(|e| {
            *self.failed = Some(e);
            postcard::Error::SerializeBufferFull
        })
    }
}

impl<W: std::io::Write> postcard::ser_flavors::Flavor for Stream<'_, W> {
    type Output = (u64, u32);

    fn try_push(&mut self, byte: u8) -> postcard::Result<()> {
        self.buf.push(byte);
        if self.buf.len() == STREAM_BUF {
            self.flush()?;
        }
        Ok(())
    }

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        if self.buf.len() + data.len() > STREAM_BUF {
            self.flush()?;
        }
        if data.len() >= STREAM_BUF {
            // Large byte strings go straight through.
            if self.hash {
                self.crc.update(data);
            }
            self.len += data.len() as u64;
            return self.w.write_all(data).map_err(|e| {
                *self.failed = Some(e);
                postcard::Error::SerializeBufferFull
            });
        }
        self.buf.extend_from_slice(data);
        Ok(())
    }

    fn finalize(mut self) -> postcard::Result<(u64, u32)> {
        self.flush()?;
        Ok((self.len, self.crc.finalize()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A section is its length, its CRC-32 and the bytes postcard makes, whether the value is
    /// small, pushed a byte at a time, or holds byte strings longer than the stream's buffer.
    #[test]
    fn a_streamed_section_is_the_encoded_value_framed() {
        let big: Vec<u8> = (0..3 * STREAM_BUF as u32)
            .map(|i| (i % 251) as u8)
            .collect();
        let many: Vec<u32> = (0..100_000).map(|i| i * 37).collect();
        let values: Vec<(String, Vec<u32>, serde_bytes::ByteBuf)> = vec![
            (String::new(), Vec::new(), serde_bytes::ByteBuf::new()),
            (
                "a quote".into(),
                many,
                serde_bytes::ByteBuf::from(big.clone()),
            ),
            (
                "x".repeat(STREAM_BUF - 1),
                vec![1],
                serde_bytes::ByteBuf::from(vec![7; 10]),
            ),
        ];
        for value in &values {
            let mut out = Vec::new();
            write_section(&mut out, value).unwrap();
            let bytes = postcard::to_allocvec(value).unwrap();
            assert_eq!(out[..8], (bytes.len() as u64).to_le_bytes());
            assert_eq!(out[8..12], crc32fast::hash(&bytes).to_le_bytes());
            assert_eq!(out[12..], bytes[..]);
        }
    }

    /// A write that fails part way is reported as that error, not as an encoding problem.
    #[test]
    fn a_failed_write_is_reported() {
        /// Takes the section's length and checksum, then is full.
        struct Full(usize);
        impl std::io::Write for Full {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                if self.0 >= 12 {
                    return Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "full"));
                }
                let n = buf.len().min(12 - self.0);
                self.0 += n;
                Ok(n)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        for len in [100, 3 * STREAM_BUF] {
            let err = write_section(&mut Full(0), &vec![1u8; len]).unwrap_err();
            assert_eq!(err.kind(), std::io::ErrorKind::StorageFull);
        }
    }
}
