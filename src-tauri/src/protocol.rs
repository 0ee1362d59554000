//! The `thumb` URI scheme: `thumb://localhost/<generation>/<id>` is the grid
//! thumbnail of photo `id` of the trip on screen, `…/<id>/placeholder` its
//! EXIF thumbnail, `…/<id>/preview` the viewer's image (long edge 1600 px,
//! cached on disk like thumbnails), `…/mosaic/<k>` the colour miniatures of
//! photos 1024·k onwards (`Session::mosaic`; not found until curated). Three steps like a command: parse the URL, ask the core's
//! [`Thumbnailer`] (its own bounded pool, off the event loop), map the
//! result to an HTTP response. Only photos of the current table are served.

use crate::commands::AppState;
use recap::render::{PhotoRef, RenderError, Thumbnailer, PREVIEW_EDGE, THUMB_EDGE};
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

enum Want {
    Thumb,
    Placeholder,
    Preview,
    /// `id` is then the mosaic's number.
    Mosaic,
}

fn parse(path: &str) -> Option<(u64, usize, Want)> {
    let mut parts = path.trim_start_matches('/').split('/');
    let generation = parts.next()?.parse().ok()?;
    let first = parts.next()?;
    if first == "mosaic" {
        let k = parts.next()?.parse().ok()?;
        return parts.next().is_none().then_some((generation, k, Want::Mosaic));
    }
    let id = first.parse().ok()?;
    let want = match parts.next() {
        None => Want::Thumb,
        Some("placeholder") => Want::Placeholder,
        Some("preview") => Want::Preview,
        Some(_) => return None,
    };
    parts.next().is_none().then_some((generation, id, want))
}

fn reply(status: StatusCode, mime: &str, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, mime)
        // Thumbnails of one generation never change: let the web view keep them.
        .header(
            header::CACHE_CONTROL,
            if status == StatusCode::OK { "max-age=31536000, immutable" } else { "no-store" },
        )
        .body(body)
        .unwrap_or_default()
}

fn not_found(why: &str) -> Response<Vec<u8>> {
    reply(StatusCode::NOT_FOUND, "text/plain; charset=utf-8", why.as_bytes().to_vec())
}

fn failed(e: &RenderError) -> Response<Vec<u8>> {
    // 422: the photo exists but cannot be rendered; the grid shows its
    // placeholder tile. The code is for logs and tests.
    reply(StatusCode::UNPROCESSABLE_ENTITY, "text/plain; charset=utf-8", format!("{}: {e}", e.code()).into_bytes())
}

pub fn handle<R: Runtime>(ctx: UriSchemeContext<'_, R>, request: Request<Vec<u8>>, responder: UriSchemeResponder) {
    let app = ctx.app_handle();
    let state = app.state::<AppState>();
    let Some((generation, id, want)) = parse(request.uri().path()) else {
        return responder.respond(not_found("not a thumbnail address"));
    };
    if matches!(want, Want::Mosaic) {
        // Off the event loop: the session may be busy with an edit.
        let app = app.clone();
        std::thread::spawn(move || {
            let state = app.state::<AppState>();
            let current = state.photos.read().unwrap_or_else(|p| p.into_inner()).generation == generation;
            let mosaic =
                if current { crate::commands::lock(&state.session).as_ref().map(|s| s.mosaic(id)) } else { None };
            responder.respond(match mosaic {
                Some(Ok(Some(jpeg))) => reply(StatusCode::OK, "image/jpeg", jpeg),
                Some(Err(e)) => reply(StatusCode::INTERNAL_SERVER_ERROR, "text/plain", e.to_string().into_bytes()),
                _ => not_found("no mosaic (yet) for this trip"),
            })
        });
        return;
    }
    let photo: Option<PhotoRef> = {
        let table = state.photos.read().unwrap_or_else(|p| p.into_inner());
        (table.generation == generation).then(|| table.photos.get(id).cloned()).flatten()
    };
    let Some(photo) = photo else {
        return responder.respond(not_found("no such photo in the trip on screen"));
    };
    let thumbnailer = match thumbnailer(app, &state) {
        Ok(t) => t,
        Err(e) => return responder.respond(reply(StatusCode::INTERNAL_SERVER_ERROR, "text/plain", e.into_bytes())),
    };
    match want {
        Want::Thumb | Want::Preview => {
            let edge = if matches!(want, Want::Thumb) { THUMB_EDGE } else { PREVIEW_EDGE };
            thumbnailer.thumbnail(photo, edge, move |r| {
                responder.respond(match r {
                    Ok(jpeg) => reply(StatusCode::OK, "image/jpeg", jpeg),
                    Err(e) => failed(&e),
                })
            })
        }
        Want::Mosaic => {}
        Want::Placeholder => thumbnailer.placeholder(photo, move |r| {
            responder.respond(match r {
                Ok(Some(jpeg)) => reply(StatusCode::OK, "image/jpeg", jpeg),
                Ok(None) => not_found("no EXIF thumbnail"),
                Err(e) => failed(&e),
            })
        }),
    }
}

fn thumbnailer<'a, R: Runtime>(app: &tauri::AppHandle<R>, state: &'a AppState) -> Result<&'a Thumbnailer, String> {
    if let Some(t) = state.thumbnailer.get() {
        return Ok(t);
    }
    let dir = state.cache_dir(app).map_err(|e| e.message)?;
    // Leave a core to the web view and the scan.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().saturating_sub(1).max(1));
    let t = Thumbnailer::new(&dir, threads).map_err(|e| e.to_string())?;
    Ok(state.thumbnailer.get_or_init(|| t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_numbered_photo_addresses_parse() {
        assert!(matches!(parse("/3/17"), Some((3, 17, Want::Thumb))));
        assert!(matches!(parse("/3/17/placeholder"), Some((3, 17, Want::Placeholder))));
        assert!(matches!(parse("/3/17/preview"), Some((3, 17, Want::Preview))));
        assert!(matches!(parse("/3/mosaic/2"), Some((3, 2, Want::Mosaic))));
        for bad in [
            "/",
            "/3",
            "/3/x",
            "/3/17/other",
            "/../etc/passwd",
            "/3/17/placeholder/more",
            "/-1/2",
            "/3/mosaic",
            "/3/mosaic/x",
            "/3/mosaic/1/2",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}
