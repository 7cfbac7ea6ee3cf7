//! Write a realistic large plan (seeded):
//! `cargo run --release --example bigplan -- --years N --out FILE [--seed S] [--one-file]`.
//! The plan ends "today" = 2036-06-15 (run taper with `TAPER_NOW=2036-06-15`). It is
//! written as taper keeps it (`Store::create`: the years before last in files of their
//! own beside FILE), or with `--one-file` as one file, as older versions kept it.

#[path = "../benches/support/bigplan.rs"]
mod bigplan;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut years = 2;
    let mut seed = 12;
    let mut out = None;
    let mut one_file = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--years" => years = value()?.parse()?,
            "--seed" => seed = value()?.parse()?,
            "--out" => out = Some(value()?),
            "--one-file" => one_file = true,
            _ => {
                return Err(format!(
                    "unknown argument {arg}; use --years N --out FILE [--seed S] [--one-file]"
                )
                .into());
            }
        }
    }
    let out = out.ok_or("--out FILE is needed")?;
    let plan = bigplan::generate(years, seed);
    if one_file {
        std::fs::write(&out, taper::core::render::render(&plan))?;
    } else {
        let path = std::path::Path::new(&out);
        let name = path.file_stem().ok_or("--out needs a file name")?;
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        let store = taper::core::store::Store::new(dir.unwrap_or(std::path::Path::new(".")));
        // A plan there before is replaced, with its year files.
        for old in taper::core::store::years::files_beside(path) {
            std::fs::remove_file(old)?;
        }
        let _ = std::fs::remove_file(path);
        store.create(&name.to_string_lossy(), &plan, false)?;
    }
    eprintln!(
        "{out}: {years} years, {} doses, {} amendments (today = {})",
        plan.doses.len(),
        plan.amendments.len(),
        bigplan::TODAY
    );
    Ok(())
}
