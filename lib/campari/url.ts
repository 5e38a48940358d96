import { CampariInputError } from './errors';

const CONTROL = /[\r\n\0]/;
// In a path every control character is refused: the URL parser drops tabs and newlines, so ".\t." would become "..".
const hasControl = (text: string) => Array.from(text).some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** Rejects header names and values that could split a request (CR, LF, NUL). */
export function checkHeaders(headers: Record<string, string>, field = 'headers'): void {
	for (const [name, value] of Object.entries(headers)) {
		if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new CampariInputError(field, `The header name "${name.slice(0, 40)}" is not a valid HTTP header name`);
		if (CONTROL.test(value)) throw new CampariInputError(field, `The value of header "${name}" contains a line break or NUL, which is not allowed`);
	}
}

/**
 * Joins a path to the Material base URL. The path must stay under the base URL: no scheme or host,
 * no ".." that climbs above it, no control characters.
 */
export function buildUrl(baseUrl: string, path: string, query: Record<string, string | undefined> = {}, field = 'path'): string {
	let base: URL;
	try {
		base = new URL(baseUrl);
	} catch {
		throw new CampariInputError('baseUrl', `The credential's Material API Base URL "${baseUrl.slice(0, 100)}" is not a valid URL`);
	}
	if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new CampariInputError('baseUrl', "The credential's Material API Base URL must start with https:// (or http://)");
	if (hasControl(path)) throw new CampariInputError(field, `The ${field} contains a line break, tab, NUL or other control character, which is not allowed`);
	// The URL parser reads "\" as "/" in http(s) URLs: "..\x" would climb above the base URL.
	if (path.includes('\\')) throw new CampariInputError(field, `The ${field} "${path.slice(0, 100)}" must not contain a backslash`);
	if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
		throw new CampariInputError(field, `The ${field} "${path.slice(0, 100)}" must be relative to the credential's Base URL, not a full URL`);
	}
	const segments = path.split('?')[0].split('/');
	if (segments.some((s) => s === '..' || s === '.' || /^%2e(%2e)?$/i.test(s) || /^\.%2e$|^%2e\.$/i.test(s))) {
		throw new CampariInputError(field, `The ${field} "${path.slice(0, 100)}" must not contain "." or ".." segments`);
	}
	const basePath = base.pathname.replace(/\/+$/, '');
	const url = new URL(`${base.origin}${basePath}/${path.replace(/^\/+/, '')}`);
	// Whatever the checks above missed, the result must still be under the base URL.
	if (url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/`)) {
		throw new CampariInputError(field, `The ${field} "${path.slice(0, 100)}" leads outside the credential's Base URL`);
	}
	for (const [name, value] of Object.entries(query)) {
		if (value !== undefined && value !== '') url.searchParams.append(name, value);
	}
	return url.toString();
}

/** A path segment taken from user input (an id), encoded so it cannot add segments or a query. */
export function segment(value: string): string {
	return encodeURIComponent(value);
}

/** Fills `{name}` placeholders of a path template with encoded values. */
export function fillPath(template: string, values: Record<string, string>, field = 'path'): string {
	return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
		if (!(name in values)) throw new CampariInputError(field, `The ${field} "${template}" has a placeholder {${name}} this operation does not fill`);
		return segment(values[name]);
	});
}
