#!/usr/bin/env node
// npm keeps a package's bin inside the package, so the server workspace's `bullpen` forwards to
// the root launcher (which checks for Node 24 and runs src/cli).
import "../../bin/bullpen.js";
