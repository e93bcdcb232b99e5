//! Memory of a build held down: freed memory given back to the system between its stages,
//! and what is written out encoded into buffers of exactly its size.
//!
//! Extraction allocates and frees a great deal on every worker thread; glibc's allocator keeps
//! what was freed in its arenas, so the search index built next would sit on top of it and the
//! peak of a cold load would count both. `malloc_trim` returns the free pages (in the middle of
//! the arenas too, not only at their tops). This is the library's one use of `unsafe`.

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

/// `value` in postcard, in a buffer of exactly its size (measured first), not one grown by
/// doubling: a snapshot's sections and the index's parts are tens of megabytes for a large
/// corpus, and a doubled copy would be the peak of a cold load.
pub fn encode_exact<T: serde::Serialize + ?Sized>(value: &T) -> std::io::Result<Vec<u8>> {
    let len = postcard::experimental::serialized_size(value).map_err(std::io::Error::other)?;
    postcard::to_extend(value, Vec::with_capacity(len)).map_err(std::io::Error::other)
}
