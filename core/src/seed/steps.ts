// Each domain's demo seed step registers itself on import: one line per domain.
import './identity-demo.ts';
import '../identity/recovery.seed.ts';
import '../iot/iot.seed.ts';
import '../sso/sso.seed.ts';
import '../messages/messages.seed.ts';
import '../apps/apps.seed.ts';
import '../marketplace/marketplace.seed.ts';
