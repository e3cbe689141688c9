//! The calculator app, built by Trunk. Its components live in the library (`kundenkpi::app`).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(kundenkpi::app::App);
}
