# The VMs and networks of a Muslin lab topology file, computed the way the Java lab does
# (io.muslin.lab.vagrant.VagrantPlan): one private network per rack and one for the etcd hosts,
# a router VM on all of them (each rack's gateway), one VM per etcd member, one per node.
# Addresses: a rack's gateway is its subnet's .1, its nodes .11, .12, ...; etcd member m is the
# services subnet's 10+m; the router is the services subnet's .1.
require 'yaml'
require 'ipaddr'

module MuslinLab
  DEFAULT_SERVICES = '10.255.255.0/24'

  def self.address_at(cidr, ordinal)
    net = IPAddr.new(cidr)
    IPAddr.new(net.to_i + ordinal, Socket::AF_INET).to_s
  end

  def self.netmask(cidr)
    IPAddr.new('255.255.255.255').mask(cidr.split('/')[1].to_i).to_s
  end

  # The plan: {'networks' => [{'name','cidr'}], 'machines' => [{'name','role','nics' => [{'network','ip'}]}]}
  def self.plan(topology_file)
    t = YAML.safe_load(File.read(topology_file))
    raise "#{topology_file}: racks is required" unless t.is_a?(Hash) && t['racks'].is_a?(Array)
    services = (t['core'] || {})['services'] || DEFAULT_SERVICES
    members = (t['etcd'] || {})['members'] || 1
    networks = []
    router_nics = []
    nodes = []
    t['racks'].each do |rack|
      networks << { 'name' => rack['name'], 'cidr' => rack['subnet'] }
      router_nics << { 'network' => rack['name'], 'ip' => address_at(rack['subnet'], 1) }
      (rack['nodes'] || []).each_with_index do |node, i|
        nodes << { 'name' => node['name'], 'role' => 'node',
                   'nics' => [{ 'network' => rack['name'], 'ip' => address_at(rack['subnet'], 11 + i) }] }
      end
    end
    networks << { 'name' => 'services', 'cidr' => services }
    router_nics << { 'network' => 'services', 'ip' => address_at(services, 1) }
    machines = [{ 'name' => 'router', 'role' => 'router', 'nics' => router_nics }]
    (1..members).each do |m|
      machines << { 'name' => "etcd#{m}", 'role' => 'etcd', 'nics' => [{ 'network' => 'services', 'ip' => address_at(services, 10 + m) }] }
    end
    { 'name' => t['name'] || File.basename(topology_file, '.yaml'), 'networks' => networks, 'machines' => machines + nodes }
  end
end
