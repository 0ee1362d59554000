// "À propos": the app's version and the licences of the data built into it
// (GeoNames asks to be credited wherever its names are shown).

import { t } from "../lib/i18n.js";
import { $ } from "../app/dom.js";
import * as commands from "../app/commands.js";

let version = "";

async function open() {
  if (!version) {
    try {
      version = (await commands.launchOptions()).version;
    } catch (_) { /* shown without a number */ }
  }
  $("about-version").textContent = t("aboutVersion", { version });
  $("about-dialog").showModal();
  $("about-close").focus();
}

export function init() {
  $("about-open").addEventListener("click", open);
  $("about-close").addEventListener("click", () => $("about-dialog").close());
}
