// SPDX-License-Identifier: GPL-3.0-or-later
// The "browser" of the conformance runs ($BROWSER): opens the sign-in address and follows its
// redirects, as a person who clicks "Allow" would, to Tether's loopback redirect.
const response = await fetch(process.argv[2], { redirect: "follow" });
await response.text();
