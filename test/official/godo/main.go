// Command godo-session drives DigitalOcean's official Go client (github.com/digitalocean/godo, as
// Debian packages it) through a scripted session against a DigitalOcean API at DO_BASE_URL and
// prints what the client returned as one JSON document on stdout. The client is godo's own,
// unchanged: only its base URL and a bearer-token RoundTripper (in place of oauth2) are supplied.
//
// The session comes in three parts, named by the first argument, so a caller can look at the
// API's state between them:
//
//	create   sizes, regions, an SSH key, a tagged droplet with user data (create action polled
//	         until completed), droplets by tag, get, a reboot action
//	delete   deletes the droplet DROPLET_ID and the key KEY_ID, lists what is left
//	domains  a domain with records (create, list, delete), then error responses
//
// Environment: DO_BASE_URL (the API origin, e.g. http://127.0.0.1:1234/), DIGITALOCEAN_TOKEN;
// for create PUBLIC_KEY (an OpenSSH public key) and USER_DATA (cloud-init user data).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/digitalocean/godo"
)

// bearer adds the Authorization header, as oauth2.NewClient would, without the oauth2 package.
type bearer struct{ token string }

func (b bearer) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

func newClient(base, token string) *godo.Client {
	c, err := godo.New(&http.Client{Transport: bearer{token}, Timeout: 10 * time.Second}, godo.SetBaseURL(base))
	must(err)
	return c
}

// must stops the session; godo's errors name the method, URL, status and message, never the token.
func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "godo session failed:", err)
		os.Exit(1)
	}
}

// apiError is what godo reports for an error response: the HTTP status and DO's message.
func apiError(err error) map[string]interface{} {
	var e *godo.ErrorResponse
	if errors.As(err, &e) {
		return map[string]interface{}{"status": e.Response.StatusCode, "message": e.Message}
	}
	if err == nil {
		return map[string]interface{}{"status": 0}
	}
	return map[string]interface{}{"status": -1, "message": err.Error()}
}

// waitAction polls an action until it leaves "in-progress", as doctl's --wait does.
func waitAction(ctx context.Context, c *godo.Client, id int) *godo.Action {
	for i := 0; i < 400; i++ {
		a, _, err := c.Actions.Get(ctx, id)
		must(err)
		if a.Status != godo.ActionInProgress {
			return a
		}
		time.Sleep(50 * time.Millisecond)
	}
	must(fmt.Errorf("action %d still in progress", id))
	return nil
}

var all = &godo.ListOptions{PerPage: 200}

func main() {
	ctx := context.Background()
	c := newClient(os.Getenv("DO_BASE_URL"), os.Getenv("DIGITALOCEAN_TOKEN"))
	out := map[string]interface{}{}
	phase := ""
	if len(os.Args) > 1 {
		phase = os.Args[1]
	}
	switch phase {
	case "create":
		create(ctx, c, out)
	case "delete":
		remove(ctx, c, out, envInt("DROPLET_ID"), envInt("KEY_ID"))
	case "domains":
		domains(ctx, c, out)
	default:
		must(fmt.Errorf("usage: godo-session create|delete|domains (got %q)", phase))
	}
	must(json.NewEncoder(os.Stdout).Encode(out))
}

func envInt(name string) int {
	n, err := strconv.Atoi(os.Getenv(name))
	must(err)
	return n
}

func create(ctx context.Context, c *godo.Client, out map[string]interface{}) {
	sizes, _, err := c.Sizes.List(ctx, all)
	must(err)
	for _, s := range sizes {
		if s.Slug == "s-1vcpu-1gb" {
			out["size"] = map[string]interface{}{"slug": s.Slug, "memory": s.Memory, "vcpus": s.Vcpus, "disk": s.Disk,
				"price_monthly": s.PriceMonthly, "available": s.Available, "in_fra1": contains(s.Regions, "fra1")}
		}
	}
	regions, _, err := c.Regions.List(ctx, all)
	must(err)
	var regionSlugs []string
	for _, r := range regions {
		regionSlugs = append(regionSlugs, r.Slug)
		if r.Slug == "fra1" {
			out["fra1"] = map[string]interface{}{"name": r.Name, "available": r.Available}
		}
	}
	out["regions"] = regionSlugs

	key, _, err := c.Keys.Create(ctx, &godo.KeyCreateRequest{Name: "godo-key", PublicKey: os.Getenv("PUBLIC_KEY")})
	must(err)
	out["key"] = map[string]interface{}{"name": key.Name, "fingerprint": key.Fingerprint, "public_key": key.PublicKey}
	out["keys"] = keyNames(ctx, c)

	created, resp, err := c.Droplets.Create(ctx, &godo.DropletCreateRequest{
		Name: "godo-web-1", Region: "fra1", Size: "s-1vcpu-1gb", Image: godo.DropletCreateImage{Slug: "ubuntu-24-04-x64"},
		SSHKeys: []godo.DropletCreateSSHKey{{ID: key.ID}}, Tags: []string{"fazt", "op-godo-1"}, UserData: os.Getenv("USER_DATA"),
	})
	must(err)
	out["droplet_id"], out["key_id"] = created.ID, key.ID
	out["first_status"] = created.Status
	var createLink *godo.LinkAction
	if resp.Links != nil {
		for i := range resp.Links.Actions {
			if resp.Links.Actions[i].Rel == "create" {
				createLink = &resp.Links.Actions[i]
			}
		}
	}
	if createLink == nil {
		must(errors.New("the create response has no create action link"))
	}
	done := waitAction(ctx, c, createLink.ID)
	out["create_action"] = []interface{}{done.Type, done.Status, done.ResourceID == created.ID, done.ResourceType}

	tagged, _, err := c.Droplets.ListByTag(ctx, "op-godo-1", all)
	must(err)
	other, _, err := c.Droplets.ListByTag(ctx, "op-other", all)
	must(err)
	out["tagged"], out["untagged"] = dropletNames(tagged), dropletNames(other)

	got, _, err := c.Droplets.Get(ctx, created.ID)
	must(err)
	ipv4, err := got.PublicIPv4()
	must(err)
	out["droplet"] = map[string]interface{}{"name": got.Name, "status": got.Status, "tags": got.Tags, "size": got.SizeSlug,
		"region": got.Region.Slug, "image": got.Image.Slug, "public_v4": ipv4, "memory": got.Memory, "vcpus": got.Vcpus}

	reboot, _, err := c.DropletActions.Reboot(ctx, created.ID)
	must(err)
	rebootDone := waitAction(ctx, c, reboot.ID)
	byDroplet, _, err := c.DropletActions.Get(ctx, created.ID, reboot.ID)
	must(err)
	out["reboot"] = []interface{}{reboot.Type, reboot.Status, rebootDone.Status, byDroplet.Status}
}

func remove(ctx context.Context, c *godo.Client, out map[string]interface{}, dropletID, keyID int) {
	_, err := c.Droplets.Delete(ctx, dropletID)
	out["delete"] = apiError(err)
	_, _, err = c.Droplets.Get(ctx, dropletID)
	out["after_delete"] = apiError(err)
	remaining, _, err := c.Droplets.List(ctx, all)
	must(err)
	out["droplets_after"] = dropletNames(remaining)
	_, err = c.Keys.DeleteByID(ctx, keyID)
	out["key_delete"] = apiError(err)
	out["keys_after"] = keyNames(ctx, c)
}

func domains(ctx context.Context, c *godo.Client, out map[string]interface{}) {
	domain, _, err := c.Domains.Create(ctx, &godo.DomainCreateRequest{Name: "godo-example.com"})
	must(err)
	out["domain"] = domain.Name
	record, _, err := c.Domains.CreateRecord(ctx, domain.Name, &godo.DomainRecordEditRequest{Type: "A", Name: "www", Data: "203.0.113.10", TTL: 300})
	must(err)
	out["record"] = map[string]interface{}{"type": record.Type, "name": record.Name, "data": record.Data, "ttl": record.TTL}
	out["records"] = recordList(ctx, c, domain.Name)
	_, err = c.Domains.DeleteRecord(ctx, domain.Name, record.ID)
	out["record_delete"] = apiError(err)
	out["records_after"] = recordList(ctx, c, domain.Name)
	_, _, err = c.Domains.Create(ctx, &godo.DomainCreateRequest{Name: "godo-example.com"})
	out["duplicate_domain"] = apiError(err)
	_, err = c.Domains.Delete(ctx, domain.Name)
	out["domain_delete"] = apiError(err)
	_, _, err = c.Domains.Get(ctx, domain.Name)
	out["domain_after_delete"] = apiError(err)

	_, _, err = c.Droplets.Create(ctx, &godo.DropletCreateRequest{Name: "x", Region: "fra1", Size: "s-99vcpu", Image: godo.DropletCreateImage{Slug: "ubuntu-24-04-x64"}})
	out["bad_size"] = apiError(err)
	_, _, err = newClient(os.Getenv("DO_BASE_URL"), "wrong-token").Regions.List(ctx, all)
	out["bad_token"] = apiError(err)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func keyNames(ctx context.Context, c *godo.Client) []string {
	keys, _, err := c.Keys.List(ctx, &godo.ListOptions{PerPage: 200})
	must(err)
	names := []string{}
	for _, k := range keys {
		names = append(names, k.Name)
	}
	return names
}

func dropletNames(ds []godo.Droplet) []string {
	names := []string{}
	for _, d := range ds {
		names = append(names, d.Name)
	}
	return names
}

// recordList is the domain's records as sorted "TYPE name data" strings.
func recordList(ctx context.Context, c *godo.Client, domain string) []string {
	records, _, err := c.Domains.Records(ctx, domain, &godo.ListOptions{PerPage: 200})
	must(err)
	list := []string{}
	for _, r := range records {
		list = append(list, fmt.Sprintf("%s %s %s", r.Type, r.Name, r.Data))
	}
	sort.Strings(list)
	return list
}
