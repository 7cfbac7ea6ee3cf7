//! The full-screen interface.

pub mod theme;

use crate::core::clock::Clock;
use crate::core::store::Store;

/// Open the interface on the selected plan.
pub fn run(store: &Store, plan: Option<&str>, clock: Clock) -> anyhow::Result<()> {
    let _ = (store, plan, clock);
    anyhow::bail!("the full-screen interface is not built yet; try `taper today`")
}
