//! Write a realistic large plan file (seeded):
//! `cargo run --release --example bigplan -- --years N --out FILE [--seed S]`.
//! The plan ends "today" = 2036-06-15 (run taper with `TAPER_NOW=2036-06-15`).

#[path = "../benches/support/bigplan.rs"]
mod bigplan;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut years = 2;
    let mut seed = 12;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--years" => years = value()?.parse()?,
            "--seed" => seed = value()?.parse()?,
            "--out" => out = Some(value()?),
            _ => {
                return Err(
                    format!("unknown argument {arg}; use --years N --out FILE [--seed S]").into(),
                );
            }
        }
    }
    let out = out.ok_or("--out FILE is needed")?;
    let plan = bigplan::generate(years, seed);
    std::fs::write(&out, taper::core::render::render(&plan))?;
    eprintln!(
        "{out}: {years} years, {} doses, {} amendments (today = {})",
        plan.doses.len(),
        plan.amendments.len(),
        bigplan::TODAY
    );
    Ok(())
}
