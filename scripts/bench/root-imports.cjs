// The baseline's extra cost: what most cdktf projects do, loading each provider package from its
// root (`import { EksCluster } from "@cdktf/provider-aws"`), which loads every resource class.
require("@cdktf/provider-aws");
require("@cdktf/provider-helm");
require("@cdktf/provider-kubernetes");
