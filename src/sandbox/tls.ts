import { generate } from 'selfsigned';

export interface SandboxCertificate {
  cert: string;
  key: string;
}

/**
 * A fresh self-signed certificate for 127.0.0.1 and localhost, made at every
 * start. Only the extension's Azure client is told to trust it (through its
 * own https agent); nothing global changes and TLS checks stay on.
 */
export async function createCertificate(): Promise<SandboxCertificate> {
  const pems = await generate([{ name: 'commonName', value: 'cloud-peering-sandbox' }], {
    keySize: 2048,
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600 * 1000),
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
