//! Placeholder until the explorer lands.
use std::process::ExitCode;

use crate::load::{Input, LoadWarning};

pub fn run(
    _inputs: Vec<Input>,
    _warnings: Vec<LoadWarning>,
    _mouse: bool,
) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the explorer is not built yet")
}
