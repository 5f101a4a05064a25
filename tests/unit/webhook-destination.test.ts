// Where a webhook may point: every non-public spelling the attack pass tried (and the other special
// ranges) is refused before any DNS or connection, through the same checks registration and
// delivery use; public addresses and ordinary names pass.
import { describe, expect, it } from "vitest";
import { addressKind, kindOfAddressText, parseAddress } from "../../functions/src/service/outbound/ip-ranges";
import { checkDestination, pickAddress } from "../../functions/src/service/outbound/webhook-destination";

const refusedUrl = (url: string, allowLoopback = false) => {
  const result = checkDestination(url, allowLoopback);
  return result.ok ? `accepted as ${result.destination.host}` : result.message;
};

describe("IP address kinds", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["0.1.2.3", "reserved"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["169.254.169.254", "link-local"],
    ["192.0.0.170", "reserved"],
    ["192.0.2.1", "documentation"],
    ["198.18.0.1", "reserved"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.7", "documentation"],
    ["224.0.0.251", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["::ffff:8.8.8.8", "public"],
    ["64:ff9b::a00:1", "private"],
    ["64:ff9b::808:808", "public"],
    ["::127.0.0.1", "reserved"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["fe80::1", "link-local"],
    ["febf::1", "link-local"],
    ["fec0::1", "private"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["2001::1", "reserved"],
    ["2002:7f00:1::1", "reserved"],
    ["3fff::1", "documentation"],
    ["100::1", "reserved"],
    ["8.8.8.8", "public"],
    ["172.32.0.1", "public"],
    ["100.128.0.1", "public"],
    ["2606:4700::1111", "public"],
    ["2a00:1450:4001::200e", "public"],
  ])("%s is %s", (text, kind) => {
    expect(kindOfAddressText(text)).toBe(kind);
  });

  it("parses compressed, bracketed and dotted IPv6 to the same number", () => {
    const a = parseAddress("[::ffff:7f00:1]")!;
    const b = parseAddress("0:0:0:0:0:ffff:127.0.0.1")!;
    expect(a).toEqual(b);
    expect(a.value).toBe(0xffff7f000001n);
    expect(addressKind(a)).toBe("loopback");
  });

  it("is not an address: names, zones, garbage", () => {
    for (const text of ["example.com", "fe80::1%eth0", "1.2.3", "", "::g"]) expect(parseAddress(text)).toBeNull();
  });
});

describe("webhook URLs", () => {
  it.each([
    ["https://169.254.169.254/latest/meta-data", "169.254.169.254 is a link-local address"],
    ["https://metadata.google.internal/computeMetadata/v1/", ".internal names are for local or internal use"],
    ["https://127.0.0.1/hook", "127.0.0.1 is a loopback address"],
    ["https://localhost/hook", ".localhost names are for local or internal use"],
    ["https://LOCALHOST./hook", ".localhost names are for local or internal use"],
    ["https://api.localhost/hook", ".localhost names are for local or internal use"],
    ["https://[::1]/hook", "::1 is a loopback address"],
    ["https://[::ffff:7f00:1]/hook", "::ffff:7f00:1 is a loopback address"],
    ["https://[::ffff:127.0.0.1]/hook", "::ffff:7f00:1 is a loopback address"],
    ["https://2130706433/hook", "127.0.0.1 is a loopback address"],
    ["https://0x7f000001/hook", "127.0.0.1 is a loopback address"],
    ["https://0x7f.1/hook", "127.0.0.1 is a loopback address"],
    ["https://0177.0.0.1/hook", "127.0.0.1 is a loopback address"],
    ["https://127.1/hook", "127.0.0.1 is a loopback address"],
    ["https://0.0.0.0/hook", "0.0.0.0 is the unspecified address"],
    ["https://0/hook", "0.0.0.0 is the unspecified address"],
    ["https://[::]/hook", ":: is the unspecified address"],
    ["https://10.1.2.3/hook", "10.1.2.3 is a private address"],
    ["https://172.20.0.5/hook", "172.20.0.5 is a private address"],
    ["https://192.168.0.10:8443/hook", "192.168.0.10 is a private address"],
    ["https://100.100.100.200/hook", "100.100.100.200 is a carrier-grade NAT address"],
    ["https://[fd00::1]/hook", "fd00::1 is a unique-local address"],
    ["https://[fe80::1]/hook", "fe80::1 is a link-local address"],
    ["https://224.0.0.1/hook", "224.0.0.1 is a multicast address"],
    ["https://intranet/hook", "single-label (intranet) name"],
    ["https://metadata/computeMetadata", "single-label (intranet) name"],
    ["https://printer.local/hook", ".local names are for local or internal use"],
    ["https://router.home.arpa/", ".arpa names are for local or internal use"],
    ["http://example.com/hook", "url must be an https URL."],
    ["ftp://example.com/hook", "url must be an https URL."],
    ["https://user:pw@example.com/hook", "url must not carry credentials."],
    ["not a url", "url must be an absolute https URL."],
    [`https://example.com/${"a".repeat(2000)}`, "url must be at most 2000 characters."],
  ])("refuses %s", (url, message) => {
    expect(refusedUrl(url)).toContain(message);
  });

  it("accepts public https destinations", () => {
    expect(refusedUrl("https://hooks.example.org/firecall")).toBe("accepted as hooks.example.org");
    expect(refusedUrl("https://8.8.8.8:8443/x")).toBe("accepted as 8.8.8.8");
    expect(refusedUrl("https://[2606:4700::1111]/x")).toBe("accepted as 2606:4700::1111");
  });

  it("allows loopback receivers only when told to (the emulator), over http too, and nothing else private", () => {
    expect(refusedUrl("http://127.0.0.1:4567/hook", true)).toBe("accepted as 127.0.0.1");
    expect(refusedUrl("http://localhost:4567/hook", true)).toBe("accepted as localhost");
    expect(refusedUrl("https://[::1]:4567/hook", true)).toBe("accepted as ::1");
    expect(refusedUrl("http://127.0.0.1:4567/hook")).toBe("url must be an https URL.");
    expect(refusedUrl("https://10.0.0.1/hook", true)).toContain("private address");
    expect(refusedUrl("https://169.254.169.254/", true)).toContain("link-local address");
    expect(refusedUrl("http://example.com/hook", true)).toBe("url must be an https URL.");
  });
});

describe("resolved addresses", () => {
  it("uses the first address only when every address is public", () => {
    expect(
      pickAddress("hooks.example.org", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"], false),
    ).toEqual({
      ok: true,
      address: "93.184.215.14",
    });
  });

  it("refuses a name with any non-public address among its addresses (the metadata server, loopback)", () => {
    const mixed = pickAddress("evil.example.org", ["93.184.215.14", "169.254.169.254"], false);
    expect(mixed).toEqual({ ok: false, message: expect.stringContaining("169.254.169.254, a link-local address") });
    expect(pickAddress("evil.example.org", ["127.0.0.1"], false).ok).toBe(false);
    expect(pickAddress("evil.example.org", ["::ffff:10.0.0.1"], false).ok).toBe(false);
    expect(pickAddress("evil.example.org", [], false).ok).toBe(false);
    expect(pickAddress("localhost", ["127.0.0.1", "::1"], true)).toEqual({ ok: true, address: "127.0.0.1" });
  });
});
