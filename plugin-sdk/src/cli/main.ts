#!/usr/bin/env node
/**
 * `campusbase-app`: the vendor CLI.
 *
 *   campusbase-app create <dir> [--id com.example.app] [--link-sdk]
 *   campusbase-app test [--dir .]
 *   campusbase-app dev [--dir .] [--port 5174]
 *   campusbase-app build [--dir .]
 *   campusbase-app pack [--dir .] [--out file.cbapp]
 *   campusbase-app keygen --out keys/vendor
 *   campusbase-app sign <file.cbapp> --key keys/vendor.key.pem
 *   campusbase-app verify <file.cbapp> --public-key keys/vendor.pub.pem
 *   campusbase-app publish <file.cbapp> --url https://base.example.cn --vendor <vendor id>
 */
import { parseArgs } from 'node:util';
import { DomainError } from '../errors/index.ts';
import { buildApp } from './build.ts';
import { createApp } from './create.ts';
import { startDev } from './dev.ts';
import { keygen, packApp, signFile, verifyFile } from './pack.ts';
import { publishCommand } from './publish.ts';
import { runTests } from './test.ts';

const usage = `用法 / usage: campusbase-app <create|test|dev|build|pack|keygen|sign|verify|publish> [options]
  create <dir> [--id <app id>] [--link-sdk]   新建应用（班级公告栏模板） / scaffold an app from the template
  test [--dir .] [-- <vitest options>]         在假平台上运行测试 / run the tests on the fake host
  dev [--dir .] [--port 5174]                  本地运行并在修改后重新加载 / serve locally, reload on change
  build [--dir .]                              打包服务端代码和页面到 dist/ / bundle to dist/
  pack [--dir .] [--out <file>]                生成 .cbapp 应用包 / make a .cbapp package
  keygen --out <prefix>                        生成 ed25519 签名密钥对 / make a signing key pair
  sign <file> --key <private.pem>              签名应用包 / sign a package
  verify <file> --public-key <public.pem>      校验签名和摘要 / check signature and digests
  publish <file> --url <url> --vendor <id>     发布到应用市场 / publish to the marketplace`;

function required(value: string | undefined, what: string): string {
  if (!value) throw new Error(`缺少 ${what} / missing ${what}\n\n${usage}`);
  return value;
}

async function main(argv: ReadonlyArray<string>): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'publish') return publishCommand(rest);
  const { values, positionals } = parseArgs({
    args: [...rest],
    allowPositionals: true,
    strict: true,
    options: {
      dir: { type: 'string', default: '.' },
      out: { type: 'string' },
      id: { type: 'string' },
      key: { type: 'string' },
      'public-key': { type: 'string', multiple: true },
      port: { type: 'string' },
      'link-sdk': { type: 'boolean' },
    },
  });
  const dir = String(values.dir);
  switch (command) {
    case 'create': {
      const root = await createApp(required(positionals[0], '<dir>'), {
        ...(values.id ? { id: values.id } : {}),
        linkSdk: values['link-sdk'] === true,
      });
      console.log(
        `已创建 / created ${root}\n下一步 / next: cd ${root} && npm install && npx campusbase-app test`,
      );
      return 0;
    }
    case 'test':
      return runTests(dir, positionals);
    case 'dev': {
      const dev = await startDev(dir, values.port ? Number(values.port) : undefined);
      console.log(`开发宿主 / dev host: ${dev.url}`);
      const stop = () => void dev.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return new Promise<number>(() => undefined);
    }
    case 'build': {
      const { paths } = await buildApp(dir);
      console.log(`已构建 / built ${paths.dist}`);
      return 0;
    }
    case 'pack':
      console.log(`已打包 / packed ${await packApp(dir, values.out)}`);
      return 0;
    case 'keygen': {
      const pair = await keygen(required(values.out, '--out <prefix>'));
      console.log(
        `私钥 / private key: ${pair.privateKeyPath}（请妥善保管 / keep it secret）\n公钥 / public key: ${pair.publicKeyPath}\nkeyId: ${pair.keyId}`,
      );
      return 0;
    }
    case 'sign':
      await signFile(
        required(positionals[0], '<file>'),
        required(values.key, '--key <private.pem>'),
        values.out,
      );
      console.log(`已签名 / signed ${values.out ?? positionals[0]}`);
      return 0;
    case 'verify': {
      const result = await verifyFile(required(positionals[0], '<file>'), values['public-key'] ?? []);
      console.log(
        `校验通过 / verified: ${result.manifest.id}@${result.manifest.version}, keyId ${result.keyId}, ${result.files.size} files`,
      );
      return 0;
    }
    default:
      console.log(usage);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 1;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof DomainError) console.error(`${error.text.zh}\n${error.text.en}`);
  else console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
