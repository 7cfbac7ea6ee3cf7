//! The config file (`TAPER_CONFIG` in tests): default data dir, default day boundary,
//! theme; a broken one is a PATH:LINE:COL error.

mod common;

use std::fs;

use common::{Env, w};

#[test]
fn config_sets_the_data_dir_and_the_day_boundary() {
    let env = Env::new();
    let plans = env.dir.path().join("plans");
    fs::create_dir(&plans).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&plans, fs::Permissions::from_mode(0o700)).unwrap();
    }
    let config = env.dir.path().join("config.toml");
    fs::write(
        &config,
        format!(
            "data_dir = \"{}\"\nday_starts = \"04:00\"\ntheme = \"light\"\n",
            plans.display()
        ),
    )
    .unwrap();
    let out = env
        .cmd("2027-01-05T09:00")
        .env_remove("TAPER_DATA_DIR")
        .args(w(
            "new k --unit g --start-dose 10 --target-dose 0 --start 2027-01-04 --weeks 4",
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = fs::read_to_string(plans.join("k.toml")).unwrap();
    assert!(text.contains("day_starts = 04:00"), "{text}");
    // --data-dir and TAPER_DATA_DIR still win over the config.
    assert!(!env.path("k").exists());
    // An explicit --day-starts wins over the config.
    env.ok(&w("new j --unit g --start-dose 10 --target-dose 0 --start 2027-01-04 --weeks 4 --day-starts 02:00"));
    assert!(
        fs::read_to_string(env.path("j"))
            .unwrap()
            .contains("day_starts = 02:00")
    );
}

#[test]
fn a_broken_config_is_a_path_line_col_error() {
    let env = Env::new();
    let config = env.dir.path().join("config.toml");
    fs::write(&config, "theme = \"dark\"\ntheme_colour = \"blue\"\n").unwrap();
    let out = env.run(&["list"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("{}:2:1: ", config.display())),
        "{err}"
    );
    fs::write(&config, "theme = \"sepia\"\n").unwrap();
    let err = String::from_utf8_lossy(&env.run(&["list"]).stderr).into_owned();
    assert!(
        err.starts_with(&format!("{}:1:9: ", config.display())),
        "{err}"
    );
    assert!(err.contains("dark") && err.contains("light"), "{err}");
}
