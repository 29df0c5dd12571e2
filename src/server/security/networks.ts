import { BlockList, isIP } from "node:net";

/**
 * A list of addresses and networks ("10.0.0.0/8, 203.0.113.7, 2001:db8::/32"), through Node's own
 * BlockList. Admin pages and procedures can be limited to it (ADMIN_IP_ALLOWLIST).
 */
export function parseNetworks(text: string): BlockList {
  const list = new BlockList();
  for (const part of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [address, bits] = part.split("/") as [string, string | undefined];
    const type = isIP(address) === 6 ? "ipv6" : isIP(address) === 4 ? "ipv4" : null;
    if (!type) throw new Error(`“${part}” is not an IP address or network.`);
    if (bits === undefined) list.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (type === "ipv4" ? 32 : 128)) throw new Error(`“${part}” has an invalid prefix length.`);
      list.addSubnet(address, prefix, type);
    }
  }
  return list;
}

/** Whether an address (as the socket gives it: IPv4 may come as ::ffff:a.b.c.d) is in the list. */
export function inNetworks(list: BlockList, address: string | null | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const type = isIP(plain) === 6 ? "ipv6" : isIP(plain) === 4 ? "ipv4" : null;
  return type ? list.check(plain, type) : false;
}
