// Starts scripts/gpu/gpu-check.ts with a Vulkan loader and driver Dawn can find. Dawn
// opens libvulkan.so.1 and the loader reads VK_ICD_FILENAMES at process start, so this
// must be set up before Node starts: when the system has no libvulkan, Debian's Chromium
// package ships one (/usr/lib/chromium); when no Vulkan driver is installed (no GPU, as on
// CI), Chromium's SwiftShader driver is used. A GPU machine keeps its own driver.
// Usage: node scripts/gpu/launch.mjs [gpu-check options]; GPU_CHECK_ENTRY overrides the
// entry point (the packed bundle uses it in scripts/gpu/device-run.sh).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHROMIUM = '/usr/lib/chromium';
const SWIFTSHADER_ICD = `${CHROMIUM}/vk_swiftshader_icd.json`;
const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

function systemHasLibvulkan() {
  const r = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' });
  return r.status === 0 && /libvulkan\.so\.1\b/.test(r.stdout);
}

function hasInstalledDriver() {
  return ICD_DIRS.some((d) => existsSync(d) && readdirSync(d).some((f) => f.endsWith('.json')));
}

export function vulkanEnv(env = process.env) {
  const out = { ...env };
  const notes = [];
  if (!systemHasLibvulkan() && existsSync(join(CHROMIUM, 'libvulkan.so.1'))) {
    out.LD_LIBRARY_PATH = [CHROMIUM, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
    notes.push(`Vulkan loader from ${CHROMIUM}`);
  }
  const chosen = env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES;
  if (!chosen && !hasInstalledDriver() && existsSync(SWIFTSHADER_ICD)) {
    out.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    notes.push('no Vulkan driver installed: SwiftShader (software)');
  }
  return { env: out, notes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const { env, notes } = vulkanEnv();
  if (notes.length) console.log(`gpu-check: ${notes.join('; ')}`);
  const entry = process.env.GPU_CHECK_ENTRY;
  const args = entry ? [entry] : ['--import', 'tsx', join(here, 'gpu-check.ts')];
  const r = spawnSync(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exit(r.status ?? 1);
}
