// The UI names the shell's commands in one place, ui/app/commands.js, and
// only names commands the shell has: a typo or a stray invoke fails here,
// not in a user's hands.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const UI = join(ROOT, "ui");
const COMMANDS = join(UI, "app", "commands.js");
const DOM = join(UI, "app", "dom.js");

const read = (p) => readFileSync(p, "utf8");

/** The command names declared to tauri-build (the capability list is checked against them). */
function buildRsCommands() {
  const src = read(join(ROOT, "src-tauri", "build.rs"));
  const list = src.match(/\.commands\(\s*&\[([\s\S]*?)\]\s*\)/);
  assert.ok(list, "src-tauri/build.rs: no .commands(&[...]) list");
  return [...list[1].matchAll(/"([a-z_][a-z0-9_]*)"/g)].map((m) => m[1]);
}

/** The command names the shell handles (`generate_handler!`). */
function handlerCommands() {
  const src = read(join(ROOT, "src-tauri", "src", "lib.rs"));
  const list = src.match(/generate_handler!\[([\s\S]*?)\]/);
  assert.ok(list, "src-tauri/src/lib.rs: no generate_handler![...] list");
  return [...list[1].matchAll(/(?:[a-z_]+::)*([a-z_][a-z0-9_]*)\s*(?:,|$)/g)].map((m) => m[1]);
}

/** The names `source` passes to invoke, and the invoke calls whose name is not a plain string. */
function invokedNames(source) {
  const names = [];
  const dynamic = [];
  for (const m of source.matchAll(/\binvoke\(\s*([^,)]*)/g)) {
    const lit = m[1].match(/^"([^"\\]*)"$|^'([^'\\]*)'$/);
    if (lit) names.push(lit[1] ?? lit[2]);
    else dynamic.push(m[0]);
  }
  return { names, dynamic };
}

/** Command names with an underscore mean nothing else; where they appear, a command is named. */
function namedCommands(source, commands) {
  return commands.filter((c) => c.includes("_") && new RegExp(`\\b${c}\\b`).test(source));
}

function uiFiles(dir = UI) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== "data" && name !== "node_modules") out.push(...uiFiles(p));
    } else if (/\.(js|mjs|html)$/.test(name)) out.push(p);
  }
  return out;
}

const shell = buildRsCommands();

test("the shell's two command lists agree (declared to tauri-build, handled by generate_handler!)", () => {
  assert.ok(shell.length >= 20, `only ${shell.length} commands parsed from build.rs`);
  assert.deepEqual([...handlerCommands()].sort(), [...shell].sort());
});

test("every command ui/app/commands.js calls exists in the shell, named by a plain string", () => {
  const { names, dynamic } = invokedNames(read(COMMANDS));
  assert.deepEqual(dynamic, [], "invoke with a computed name cannot be checked");
  assert.ok(names.length >= 20, `only ${names.length} invoke calls found in commands.js`);
  const unknown = names.filter((n) => !shell.includes(n));
  assert.deepEqual(unknown, [], "commands.js calls commands the shell does not have");
});

test("no file in ui/ but ui/app/commands.js names a shell command or calls invoke", () => {
  const files = uiFiles();
  assert.ok(files.includes(COMMANDS) && files.some((f) => f.endsWith(join("ui", "main.js"))), "ui/ walk found the files");
  const problems = [];
  for (const file of files) {
    if (file === COMMANDS) continue;
    const src = read(file);
    const rel = relative(ROOT, file).split(sep).join("/");
    for (const c of namedCommands(src, shell)) problems.push(`${rel} names ${c}`);
    // dom.js defines the door (invoke, Channel); everyone else goes through commands.js.
    if (file === DOM) continue;
    if (/\binvoke\b|\bchannel\b|__TAURI__/.test(src)) problems.push(`${rel} reaches the shell without commands.js`);
  }
  assert.deepEqual(problems, []);
});

test("the checks catch what they are for: a misspelt command, a stray call, a computed name", () => {
  assert.deepEqual(invokedNames('invoke("open_misison", { path })').names.filter((n) => !shell.includes(n)), ["open_misison"]);
  assert.deepEqual(namedCommands('runJob("open_mission", args)', shell), ["open_mission"]);
  assert.deepEqual(namedCommands("reopen_missions(); $(\"undo\")", shell), [], "only whole names count");
  assert.equal(invokedNames("invoke(name, args)").dynamic.length, 1);
});
