//! The browser entry point, built by Trunk with the `web` feature (see index.html).

fn main() {
    stsplay::web::start();
}
